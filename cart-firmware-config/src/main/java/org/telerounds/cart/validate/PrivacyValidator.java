package org.telerounds.cart.validate;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.List;
import org.telerounds.cart.model.Privacy;

/**
 * Reads the optional {@code privacy} section, where every key has a default: start with video on
 * and unmuted, let remote experts steer the PTZ camera, and turn privacy mode on after 15 idle
 * minutes. {@code idle-privacy-after} is a HOCON duration from 0s (never) to 24h.
 */
final class PrivacyValidator {
  static final List<String> KEYS =
      List.of("video-off-on-start", "muted-on-start", "allow-remote-ptz", "idle-privacy-after");
  static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
  private static final Duration MAX_IDLE = Duration.ofHours(24);
  private static final String IDLE_EXPECTED = "a duration in whole seconds from 0s (never) to 24h, such as 15m";

  private PrivacyValidator() {}

  /** The privacy defaults; every key falls back to its default when absent. */
  static Privacy read(Section root) {
    Section p = root.object("privacy", false);
    if (p == null) {
      return new Privacy(false, false, true, DEFAULT_IDLE.toSeconds());
    }
    p.rejectUnknown(KEYS);
    Boolean videoOff = p.bool("video-off-on-start", false);
    Boolean muted = p.bool("muted-on-start", false);
    Boolean ptz = p.bool("allow-remote-ptz", true);
    Duration idle = idle(p);
    if (videoOff == null || muted == null || ptz == null || idle == null) {
      return null;
    }
    return new Privacy(videoOff, muted, ptz, idle.toSeconds());
  }

  private static Duration idle(Section p) {
    ConfigValue v = p.value("idle-privacy-after");
    if (v == null) {
      return DEFAULT_IDLE;
    }
    Duration d;
    try {
      d = ConfigFactory.empty().withValue("d", v).getDuration("d");
    } catch (ConfigException e) {
      p.problem("idle-privacy-after", IDLE_EXPECTED, Found.describe(v));
      return null;
    }
    if (d.isNegative() || d.compareTo(MAX_IDLE) > 0 || d.toMillis() % 1000 != 0) {
      String hint = v.valueType() == ConfigValueType.NUMBER
          ? " (a bare number means milliseconds; add a unit such as s or m)" : "";
      p.problem("idle-privacy-after", IDLE_EXPECTED, Found.describe(v) + hint);
      return null;
    }
    return d;
  }
}
