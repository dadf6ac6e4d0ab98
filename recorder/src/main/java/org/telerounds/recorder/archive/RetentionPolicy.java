package org.telerounds.recorder.archive;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How long rounds are kept: a default period and rules by hospital and/or ward. The most specific
 * matching rule wins: hospital and ward, then ward alone, then hospital alone, then the default.
 */
public record RetentionPolicy(Period defaultKeep, List<Rule> rules) {
  /** A rule; a null hospital or ward matches any. */
  public record Rule(String hospital, String ward, Period keep) {
    int specificity() {
      return (ward != null ? 2 : 0) + (hospital != null ? 1 : 0);
    }

    boolean matches(String h, String w) {
      return (hospital == null || hospital.equals(h)) && (ward == null || ward.equals(w));
    }
  }

  public RetentionPolicy {
    rules = List.copyOf(rules);
  }

  /** From {@code telerounds.recorder.retention}; {@code path} names it in errors. */
  public static RetentionPolicy from(Config c, String path) {
    Period def = period(c, "default", path);
    List<Rule> rules = new ArrayList<>();
    List<? extends Config> list;
    try {
      list = c.getConfigList("rules");
    } catch (ConfigException.WrongType e) {
      throw new ConfigException.BadValue(path + ".rules", "must be a list of { hospital, ward, keep } objects");
    }
    for (int i = 0; i < list.size(); i++) {
      Config r = list.get(i);
      String where = path + ".rules[" + i + "]";
      for (String k : r.root().keySet()) {
        if (!k.equals("hospital") && !k.equals("ward") && !k.equals("keep")) {
          throw new ConfigException.BadValue(where, "unknown key \"" + k + "\" (hospital, ward, keep)");
        }
      }
      String h = r.hasPath("hospital") ? r.getString("hospital") : null;
      String w = r.hasPath("ward") ? r.getString("ward") : null;
      if (h == null && w == null) throw new ConfigException.BadValue(where, "needs a hospital, a ward or both");
      if (!r.hasPath("keep")) throw new ConfigException.BadValue(where, "needs keep, e.g. keep = 30y");
      rules.add(new Rule(h, w, period(r, "keep", where)));
    }
    return new RetentionPolicy(def, rules);
  }

  private static Period period(Config c, String key, String path) {
    try {
      Period p = c.getPeriod(key);
      if (p.isNegative()) throw new ConfigException.BadValue(path + "." + key, "must not be negative");
      return p;
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw new ConfigException.BadValue(path + "." + key, "must be a period such as 30y, 18m (months) or 90d");
    }
  }

  /** The period that applies to a round of this hospital and ward (either may be null). */
  public Period keepFor(String hospital, String ward) {
    Rule best = null;
    for (Rule r : rules) {
      if (r.matches(hospital, ward) && (best == null || r.specificity() > best.specificity())) best = r;
    }
    return best != null ? best.keep() : defaultKeep;
  }

  /** Until when a round that ended at {@code endedMillis} must be kept. */
  public Instant retainUntil(long endedMillis, String hospital, String ward) {
    return Instant.ofEpochMilli(endedMillis).atOffset(ZoneOffset.UTC).plus(keepFor(hospital, ward)).toInstant();
  }
}
