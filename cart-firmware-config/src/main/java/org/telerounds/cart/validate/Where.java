package org.telerounds.cart.validate;

import com.typesafe.config.ConfigOrigin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file and line a HOCON value came from. A value set in one file has a plain origin; an object
 * merged from a cart override and its base profile has a merged origin ("merge of
 * carts/a.conf: 3,models/b.conf: 1"), for which the first, overriding, file is the one reported.
 */
record Where(String file, int line) {

  private static final Pattern MERGED = Pattern.compile("^merge of (.+?): (\\d+)(?:-\\d+)?(?:,|$)");
  private static final Pattern PLAIN = Pattern.compile("^(.+?): (\\d+)(?:-\\d+)?$");

  static final Where UNKNOWN = new Where(null, 0);

  /** Where {@code origin} points, as precisely as Typesafe Config knows. */
  static Where of(ConfigOrigin origin) {
    if (origin == null) {
      return UNKNOWN;
    }
    String description = origin.description();
    Matcher merged = MERGED.matcher(description);
    if (merged.find()) {
      return new Where(merged.group(1), Integer.parseInt(merged.group(2)));
    }
    String file = origin.filename();
    if (file != null && origin.lineNumber() > 0) {
      return new Where(file, origin.lineNumber());
    }
    Matcher plain = PLAIN.matcher(description);
    if (plain.matches()) {
      return new Where(plain.group(1), Integer.parseInt(plain.group(2)));
    }
    return new Where(file != null ? file : description, Math.max(origin.lineNumber(), 0));
  }
}
