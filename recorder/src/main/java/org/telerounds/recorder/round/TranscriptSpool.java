package org.telerounds.recorder.round;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.transcribe.Caption;
import org.telerounds.media.transcribe.CaptionJson;
import org.telerounds.recorder.RecorderMetrics;
import org.telerounds.recorder.store.Uploader;

/**
 * Spools a round's final captions as they come, the way segments are: every flush writes the
 * captions since the last one as {@code transcripts/parts/part-NNNNN.jsonl} (a header line with the
 * transcript clock's zero, then one {@link CaptionJson} line per caption) through the spool to the
 * store, so a crash keeps the transcript up to the last flush. The finisher joins the parts into
 * {@code transcript.vtt} and {@code transcript.json} when signaling did not store those
 * ({@link TranscriptParts}). Caption text is patient data: never logged. Writer thread only.
 */
final class TranscriptSpool {
  static final String PARTS = "transcripts/parts/";
  private static final Logger LOG = LoggerFactory.getLogger("recorder");
  private final String roundPrefix;
  private final String room;
  private final Uploader uploader;
  private final RecorderMetrics metrics;
  private final StringBuilder pending = new StringBuilder();
  private long startedMillis = -1;
  private int parts;

  TranscriptSpool(String roundPrefix, String room, Uploader uploader, RecorderMetrics metrics) {
    this.roundPrefix = roundPrefix;
    this.room = room;
    this.uploader = uploader;
    this.metrics = metrics;
  }

  /** A caption on the transcript clock whose zero is {@code startedMillis} (epoch ms); partials are ignored. */
  void add(long startedMillis, Caption c) {
    if (!c.isFinal() || c.text().isBlank()) return;
    this.startedMillis = startedMillis;
    pending.append(CaptionJson.toJson(c)).append('\n');
  }

  boolean hasPending() {
    return pending.length() > 0;
  }

  /** Writes what came since the last flush as the next part; kept for the next try if that fails. */
  void flush() {
    if (pending.length() == 0) return;
    String header = "{\"round\":" + CaptionJson.quote(room) + ",\"startedMillis\":" + startedMillis + "}\n";
    byte[] bytes = (header + pending).getBytes(StandardCharsets.UTF_8);
    try {
      uploader.replace(roundPrefix + PARTS + String.format("part-%05d.jsonl", parts), bytes);
      parts++;
      pending.setLength(0);
    } catch (IOException e) {
      metrics.writeFailed();
      LOG.error("cannot spool a part of a round's transcript (tried again later): {}", WriteFault.reason(e));
    }
  }
}
