package org.telerounds.recorder.round;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.telerounds.media.transcribe.Caption;
import org.telerounds.media.transcribe.Speaker;
import org.telerounds.media.transcribe.TranscriptWriter;
import org.telerounds.media.transcribe.Word;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.StoreException;

/**
 * At finishing: turns the transcript parts a round spooled ({@link TranscriptSpool}) into
 * {@code transcripts/transcript.vtt} and {@code transcript.json}, in the same format signaling
 * writes, when signaling did not store them (the process died, or the round ended without its
 * hand-off). Then the parts are deleted: the two files hold everything they held.
 */
final class TranscriptParts {
  private TranscriptParts() {}

  /** Returns how many captions were recovered from parts (0 when signaling's transcript was there). */
  static int complete(ObjectStore store, String roundPrefix) throws StoreException, IOException {
    List<ObjectStore.Entry> parts = store.list(roundPrefix + TranscriptSpool.PARTS);
    if (parts.isEmpty()) return 0;
    boolean stored = store.list(roundPrefix + "transcripts/transcript.json").stream()
        .anyMatch(e -> e.key().equals(roundPrefix + "transcripts/transcript.json"));
    int recovered = 0;
    if (!stored) {
      TranscriptWriter w = new TranscriptWriter();
      String room = "";
      long startedMillis = -1;
      for (ObjectStore.Entry e : parts) {
        for (String line : new String(store.get(e.key()), StandardCharsets.UTF_8).split("\n")) {
          if (line.isBlank()) continue;
          JsonNode n = RoundRecording.JSON.readTree(line);
          if (!n.has("type")) {
            room = n.path("round").asText(room);
            startedMillis = n.path("startedMillis").asLong(startedMillis);
          } else {
            w.onCaption(caption(n));
            recovered++;
          }
        }
      }
      StringWriter vtt = new StringWriter();
      StringWriter json = new StringWriter();
      w.writeVtt(vtt);
      w.writeJson(room, startedMillis, json);
      store.putBytes(roundPrefix + "transcripts/transcript.vtt", vtt.toString().getBytes(StandardCharsets.UTF_8),
          "text/vtt");
      store.putBytes(roundPrefix + "transcripts/transcript.json", json.toString().getBytes(StandardCharsets.UTF_8),
          "application/json");
    }
    for (ObjectStore.Entry e : parts) store.delete(e.key());
    return recovered;
  }

  static Caption caption(JsonNode n) {
    List<Word> words = new ArrayList<>();
    for (JsonNode w : n.path("words")) {
      words.add(new Word(w.path("word").asText(), w.path("start").asLong(), w.path("end").asLong(),
          w.path("conf").isNumber() ? w.path("conf").asDouble() : Double.NaN));
    }
    return new Caption(new Speaker(n.path("participant").asText(), n.path("role").asText(), n.path("label").asText()),
        Caption.Kind.FINAL, n.path("utterance").asLong(), n.path("text").asText(), n.path("start").asLong(),
        n.path("end").asLong(), words);
  }
}
