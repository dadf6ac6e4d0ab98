package org.telerounds.cart.validate;

import com.typesafe.config.ConfigValue;

/**
 * Describes a HOCON value for the "but found ..." half of a problem: strings are quoted
 * ({@code string "thirty"}), numbers plain ({@code 29.97}), containers by kind.
 */
final class Found {
  /** What a problem says about a key that is absent. */
  static final String NOTHING = "no value";

  private Found() {}

  /** A short, human description of {@code value}. */
  static String describe(ConfigValue value) {
    if (value == null) {
      return NOTHING;
    }
    return switch (value.valueType()) {
      case STRING -> "string " + quote((String) value.unwrapped());
      case NUMBER -> value.unwrapped().toString();
      case BOOLEAN -> "boolean " + value.unwrapped();
      case NULL -> "null";
      case LIST -> "a list";
      case OBJECT -> "an object";
    };
  }

  /** {@code s} in double quotes, with quotes and backslashes escaped. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
