package org.telerounds.cart.validate;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A view of one HOCON object at a known path that reads typed values and records a problem for
 * every value that is missing, of the wrong type or out of range. Each reader returns {@code null}
 * after recording a problem, so a validator can read every key, collect every problem, and build
 * its record only when all values came back. A key set to {@code null} counts as absent: that is
 * how an override removes something its base profile set.
 */
final class Section {
  /** Ids of carts, models, hospitals, wards and devices. */
  static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");
  static final String ID_EXPECTED = "a string matching [a-z0-9-]{1,64}";

  private final String path;
  private final ConfigObject object;
  private final Problems problems;

  Section(String path, ConfigObject object, Problems problems) {
    this.path = path;
    this.object = object;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  ConfigOrigin origin() {
    return object.origin();
  }

  Problems problems() {
    return problems;
  }

  /** The path of {@code key} below this section, quoting keys that are not plain words. */
  String pathOf(String key) {
    String k = key.matches("[A-Za-z0-9_-]+") ? key : Found.quote(key);
    return path.isEmpty() ? k : path + "." + k;
  }

  /** The value at {@code key}, or {@code null} when it is absent or set to {@code null}. */
  ConfigValue value(String key) {
    ConfigValue v = object.get(key);
    return v == null || v.valueType() == ConfigValueType.NULL ? null : v;
  }

  /** The keys with a non-null value, sorted. */
  TreeSet<String> keys() {
    TreeSet<String> keys = new TreeSet<>();
    object.forEach((k, v) -> {
      if (v.valueType() != ConfigValueType.NULL) {
        keys.add(k);
      }
    });
    return keys;
  }

  /** Records a problem at {@code key}, located at its value or, when absent, at this object. */
  void problem(String key, String expected, String found) {
    ConfigValue v = object.get(key);
    problems.add(pathOf(key), expected, found, v != null ? v.origin() : origin());
  }

  /** Records a problem for a required {@code key} that is absent. */
  void missing(String key, String expected) {
    problems.missing(pathOf(key), expected, Found.NOTHING, origin());
  }

  /** Records a problem for every key not in {@code known}, suggesting the nearest known key. */
  void rejectUnknown(List<String> known) {
    for (String key : keys()) {
      if (!known.contains(key)) {
        String hint = KeyHints.nearest(key, known);
        problem(key, "one of the keys " + String.join(", ", known),
            "unknown key " + Found.quote(key) + (hint == null ? "" : "; did you mean \"" + hint + "\"?"));
      }
    }
  }

  /** The raw value of {@code key} if it has {@code type}; else records a problem. */
  ConfigValue typed(String key, ConfigValueType type, String expected, boolean required) {
    ConfigValue v = value(key);
    if (v == null) {
      if (required) {
        missing(key, expected);
      }
      return null;
    }
    if (v.valueType() != type) {
      problem(key, expected, Found.describe(v));
      return null;
    }
    return v;
  }

  /** A required, non-empty string. */
  String string(String key) {
    return string(key, "a non-empty string");
  }

  /** A required, non-empty string; {@code expected} says what kind. */
  String string(String key, String expected) {
    ConfigValue v = typed(key, ConfigValueType.STRING, expected, true);
    if (v == null) {
      return null;
    }
    String s = (String) v.unwrapped();
    if (s.isBlank()) {
      problem(key, expected, "an empty string");
      return null;
    }
    return s;
  }

  /** A required string matching {@link #ID}. */
  String id(String key) {
    String s = string(key, ID_EXPECTED);
    if (s != null && !ID.matcher(s).matches()) {
      problem(key, ID_EXPECTED, Found.quote(s));
      return null;
    }
    return s;
  }

  /** A string from {@code allowed}; {@code fallback} when absent, or required when it is null. */
  String choice(String key, List<String> allowed, String fallback) {
    String expected = "one of " + String.join(", ", allowed);
    ConfigValue v = typed(key, ConfigValueType.STRING, expected, fallback == null);
    if (v == null) {
      return value(key) == null ? fallback : null;
    }
    String s = (String) v.unwrapped();
    if (!allowed.contains(s)) {
      problem(key, expected, Found.quote(s));
      return null;
    }
    return s;
  }

  /** An integer in {@code [min, max]}; {@code fallback} when absent, or required when null. */
  Integer integer(String key, long min, long max, String unit, Integer fallback) {
    String expected = "an integer from " + min + " to " + max + (unit == null ? "" : " (" + unit + ")");
    ConfigValue v = typed(key, ConfigValueType.NUMBER, expected, fallback == null);
    if (v == null) {
      return value(key) == null ? fallback : null;
    }
    Object n = v.unwrapped();
    if (!(n instanceof Integer || n instanceof Long)) {
      problem(key, expected, Found.describe(v));
      return null;
    }
    long x = ((Number) n).longValue();
    if (x < min || x > max) {
      problem(key, expected, Found.describe(v));
      return null;
    }
    return (int) x;
  }

  /** A boolean; {@code fallback} when absent. */
  Boolean bool(String key, boolean fallback) {
    ConfigValue v = typed(key, ConfigValueType.BOOLEAN, "a boolean (true or false)", false);
    if (v == null) {
      return value(key) == null ? fallback : null;
    }
    return (Boolean) v.unwrapped();
  }

  /** The object at {@code key} as a section; {@code null} when absent (a problem if required). */
  Section object(String key, boolean required) {
    return object(key, required, "an object");
  }

  /** As {@link #object(String, boolean)}, saying what kind of object is {@code expected}. */
  Section object(String key, boolean required, String expected) {
    ConfigValue v = typed(key, ConfigValueType.OBJECT, expected, required);
    return v == null ? null : new Section(pathOf(key), (ConfigObject) v, problems);
  }

  /** The list at {@code key}; {@code null} when absent (a problem if required). */
  ConfigList list(String key, String expected, boolean required) {
    ConfigValue v = typed(key, ConfigValueType.LIST, expected, required);
    return (ConfigList) v;
  }
}
