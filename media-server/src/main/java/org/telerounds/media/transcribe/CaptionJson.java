package org.telerounds.media.transcribe;

/**
 * One caption as one line of JSON, the shape of the {@code caption.partial}/{@code caption.final}
 * payloads and of the offline command's output: {@code {"type":"caption.final","utterance":1,
 * "participant":"p1","role":"mic:patient","label":"Patient","start":1250,"end":3000,"text":"...",
 * "words":[{"word":"...","start":1250,"end":1500,"conf":0.93}]}} (times in ms on the round clock;
 * {@code conf} is null when the engine gives none).
 */
public final class CaptionJson {
  private CaptionJson() {}

  public static String toJson(Caption c) {
    StringBuilder b = new StringBuilder(128);
    b.append("{\"type\":").append(quote(c.kind().event()))
        .append(",\"utterance\":").append(c.utterance())
        .append(",\"participant\":").append(quote(c.speaker().participantId()))
        .append(",\"role\":").append(quote(c.speaker().role()))
        .append(",\"label\":").append(quote(c.speaker().label()))
        .append(",\"start\":").append(c.startMillis())
        .append(",\"end\":").append(c.endMillis())
        .append(",\"text\":").append(quote(c.text()))
        .append(",\"words\":[");
    for (int i = 0; i < c.words().size(); i++) {
      Word w = c.words().get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"word\":").append(quote(w.word())).append(",\"start\":").append(w.startMillis())
          .append(",\"end\":").append(w.endMillis()).append(",\"conf\":")
          .append(Double.isNaN(w.confidence()) ? "null" : String.format(java.util.Locale.ROOT, "%.3f", w.confidence()))
          .append('}');
    }
    return b.append("]}").toString();
  }

  /** A JSON string literal. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
