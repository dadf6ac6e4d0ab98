package org.telerounds.cart.validate;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a device label pattern. The cart page matches it against {@code MediaDeviceInfo.label}
 * as a JavaScript {@code RegExp} with the {@code i} flag, and tools here match it with Java's
 * {@link Pattern}, so a pattern must compile in Java and must avoid the Java-only constructs that
 * JavaScript rejects or reads differently: inline flags such as {@code (?i)}, atomic groups,
 * possessive quantifiers and the {@code \A \Z \z \G \Q \E} escapes.
 */
final class LabelPatterns {
  private LabelPatterns() {}

  /** Why {@code pattern} is unusable, or {@code null} if it is fine. */
  static String whyInvalid(String pattern) {
    try {
      Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      return e.getDescription().toLowerCase(java.util.Locale.ROOT) + " near index " + e.getIndex();
    }
    return javaOnlyConstruct(pattern);
  }

  /** Names the first construct JavaScript lacks, or returns {@code null}. */
  private static String javaOnlyConstruct(String p) {
    boolean inClass = false;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      char next = i + 1 < p.length() ? p.charAt(i + 1) : 0;
      if (c == '\\') {
        if ("AZzGQE".indexOf(next) >= 0 && next != 0) {
          return "Java-only escape \"\\" + next + "\" at index " + i;
        }
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(' && next == '?' && i + 2 < p.length()) {
        char kind = p.charAt(i + 2);
        if (kind != ':' && kind != '=' && kind != '!' && kind != '<') {
          return "Java-only group \"(?" + kind + "\" at index " + i
              + (Character.isLetter(kind) ? "; label patterns always ignore case" : "");
        }
      } else if (c == '+' && i > 0 && "*+?}".indexOf(p.charAt(i - 1)) >= 0 && !escaped(p, i - 1)) {
        return "Java-only possessive quantifier at index " + (i - 1);
      }
    }
    return null;
  }

  /** Whether the character at {@code i} is preceded by an odd number of backslashes. */
  private static boolean escaped(String p, int i) {
    int n = 0;
    for (int j = i - 1; j >= 0 && p.charAt(j) == '\\'; j--) {
      n++;
    }
    return n % 2 == 1;
  }
}
