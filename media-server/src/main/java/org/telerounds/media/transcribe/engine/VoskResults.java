package org.telerounds.media.transcribe.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.telerounds.media.transcribe.Word;

/**
 * Parses Vosk's documented result JSON: partials {@code {"partial" : "..."}} and finals {@code
 * {"text" : "...", "result" : [{"conf":1.0, "end":1.02, "start":0.6, "word":"one"}, ...]}} (the
 * word list only when {@code setWords(true)}; times in seconds from the recognizer's start).
 */
public final class VoskResults {
  private VoskResults() {}

  /** The {@code partial} text of a partial result, trimmed; empty when absent. */
  public static String partial(String json) {
    Object v = object(json).get("partial");
    return v instanceof String s ? s.trim() : "";
  }

  /** A final result; word times are converted to milliseconds. */
  public static Hypothesis result(String json) {
    Map<String, Object> m = object(json);
    String text = m.get("text") instanceof String s ? s.trim() : "";
    List<Word> words = new ArrayList<>();
    if (m.get("result") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> w && w.get("word") instanceof String word) {
          words.add(new Word(word, millis(w.get("start")), millis(w.get("end")),
              w.get("conf") instanceof Double c ? c : Double.NaN));
        }
      }
    }
    return text.isEmpty() ? Hypothesis.EMPTY : new Hypothesis(text, words);
  }

  private static long millis(Object seconds) {
    return seconds instanceof Double d ? Math.round(d * 1000) : 0;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String json) {
    Object v = MiniJson.parse(json);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("Vosk result is not a JSON object");
    }
    return (Map<String, Object>) v;
  }
}
