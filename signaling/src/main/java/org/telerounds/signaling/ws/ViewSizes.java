package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code video.view} message: the sizes, in device pixels, at which a subscriber shows its
 * video, by the mid of each subscribe m-section: {@code "views": [{"mid": "3", "width": 480,
 * "height": 270}, …]} (0x0: not shown). At most {@value #MAX_VIEWS} entries; a mid is 1–16
 * letters, digits, '-' or '_'; sizes 0..{@value #MAX_PIXELS}. Anything else is refused with a
 * message that says what was wrong.
 */
final class ViewSizes {
  static final int MAX_VIEWS = 32;
  static final int MAX_PIXELS = 16384;
  private static final Pattern MID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

  private ViewSizes() {}

  /** What is wrong with a {@code video.view} message, or null when it can be {@link #parse}d. */
  static String problem(JsonNode msg) {
    try {
      parse(msg);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The views by mid, as {@code {width, height}}; throws IllegalArgumentException on bad input. */
  static Map<String, int[]> parse(JsonNode msg) {
    JsonNode views = msg.path("views");
    if (!views.isArray() || views.size() > MAX_VIEWS) {
      throw new IllegalArgumentException("video.view needs \"views\": an array of at most " + MAX_VIEWS
          + " {mid, width, height}");
    }
    Map<String, int[]> out = new LinkedHashMap<>();
    for (JsonNode v : views) {
      String mid = v.path("mid").isTextual() ? v.get("mid").asText() : null;
      if (mid == null || !MID.matcher(mid).matches()) {
        throw new IllegalArgumentException("each view needs a \"mid\" of 1-16 letters, digits, '-' or '_'");
      }
      out.put(mid, new int[] {size(v, "width"), size(v, "height")});
    }
    return out;
  }

  private static int size(JsonNode v, String field) {
    JsonNode n = v.path(field);
    if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > MAX_PIXELS) {
      throw new IllegalArgumentException("each view needs \"" + field + "\" as a whole number 0.." + MAX_PIXELS);
    }
    return n.asInt();
  }
}
