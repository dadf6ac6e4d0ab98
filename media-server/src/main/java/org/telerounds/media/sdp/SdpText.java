package org.telerounds.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SDP text into lines and whitespace-separated words without regular expressions, with
 * exactly the results of {@code split("\r?\n")} and {@code split("\\s+")}: trailing empty strings
 * dropped, a leading empty word kept. Compiling a pattern per line made SDP parsing the slowest
 * parser on the signaling path (a few hundred offers a second under the fuzzer).
 */
final class SdpText {
  private SdpText() {}

  /** As {@code s.split("\r?\n")}. */
  static String[] lines(String s) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
      int end = i > start && s.charAt(i - 1) == '\r' ? i - 1 : i;
      out.add(s.substring(start, end));
      start = i + 1;
    }
    return finish(out, s, start);
  }

  /** As {@code s.split("\\s+")}. */
  static String[] words(String s) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      if (isSpace(s.charAt(i))) {
        out.add(s.substring(start, i));
        while (i < n && isSpace(s.charAt(i))) i++;
        start = i;
      } else {
        i++;
      }
    }
    return finish(out, s, start);
  }

  private static String[] finish(List<String> out, String s, int start) {
    if (out.isEmpty()) return new String[] {s}; // no separator at all
    out.add(s.substring(start));
    int size = out.size();
    while (size > 0 && out.get(size - 1).isEmpty()) size--;
    return out.subList(0, size).toArray(String[]::new);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
