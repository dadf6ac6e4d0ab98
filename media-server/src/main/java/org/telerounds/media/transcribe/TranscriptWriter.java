package org.telerounds.media.transcribe;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A round's transcript from its final captions: WebVTT (one cue per final, the speaker as a
 * {@code <v Label>} voice span) and JSON (the finals as {@link CaptionJson} objects in an array,
 * under {@code {"round":..., "captions":[...]}}). Cues are sorted by start time. Collects finals
 * from any thread; writing is the caller's job, off the media path (the recorder stores both
 * files with the round).
 */
public final class TranscriptWriter implements CaptionListener {
  private final List<Caption> finals = new ArrayList<>();

  /** Keeps finals with text; partials are ignored. */
  @Override
  public synchronized void onCaption(Caption c) {
    if (c.isFinal() && !c.text().isBlank()) {
      finals.add(c);
    }
  }

  public synchronized List<Caption> finals() {
    List<Caption> sorted = new ArrayList<>(finals);
    sorted.sort(Comparator.comparingLong(Caption::startMillis).thenComparingLong(Caption::endMillis));
    return sorted;
  }

  public void writeVtt(Writer out) throws IOException {
    out.write("WEBVTT\n\n");
    int n = 1;
    for (Caption c : finals()) {
      out.write(n++ + "\n");
      out.write(timestamp(c.startMillis()) + " --> " + timestamp(Math.max(c.endMillis(), c.startMillis() + 1)) + "\n");
      out.write("<v " + escape(c.speaker().label()).replace(">", "&gt;") + ">" + escape(c.text()) + "</v>\n\n");
    }
    out.flush();
  }

  public void writeJson(String roundId, Writer out) throws IOException {
    writeJson(roundId, -1, out);
  }

  /** As {@link #writeJson(String, Writer)}, with the round clock's zero as epoch ms ({@code startedMillis}; -1: omitted). */
  public void writeJson(String roundId, long startedMillis, Writer out) throws IOException {
    out.write("{\"round\":" + CaptionJson.quote(roundId)
        + (startedMillis >= 0 ? ",\"startedMillis\":" + startedMillis : "") + ",\"captions\":[");
    List<Caption> all = finals();
    for (int i = 0; i < all.size(); i++) {
      out.write(i == 0 ? "\n" : ",\n");
      out.write(CaptionJson.toJson(all.get(i)));
    }
    out.write("\n]}\n");
    out.flush();
  }

  /** {@code hh:mm:ss.ttt}, as WebVTT requires (hours always present here). */
  static String timestamp(long millis) {
    long ms = Math.max(0, millis);
    return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  /** Escapes cue text: {@code &}, {@code <}, {@code >}; "-->" cannot survive; newlines become spaces. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replaceAll("[\\r\\n]+", " ");
  }
}
