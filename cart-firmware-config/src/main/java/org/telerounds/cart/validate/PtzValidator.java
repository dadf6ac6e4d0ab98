package org.telerounds.cart.validate;

import java.util.List;
import org.telerounds.cart.model.Ptz;
import org.telerounds.cart.model.Range;

/**
 * Reads a camera's optional {@code ptz} object: the range of each axis the camera supports, with
 * {@code min < max} inside what any real PTZ head can do (pan -180..180 degrees, tilt -90..90
 * degrees, zoom 100..5000 percent). An absent {@code ptz} means a fixed camera; an empty one is a
 * mistake.
 */
final class PtzValidator {
  static final List<String> KEYS = List.of("pan", "tilt", "zoom");

  private PtzValidator() {}

  /** The PTZ capability, or {@code null} for a fixed camera or after a problem. */
  static Ptz read(Section camera) {
    Section ptz = camera.object("ptz", false);
    if (ptz == null) {
      return null;
    }
    ptz.rejectUnknown(KEYS);
    if (ptz.keys().isEmpty()) {
      ptz.problems().add(ptz.path(), "at least one of pan, tilt, zoom (or no ptz key at all)",
          "an empty object", ptz.origin());
      return null;
    }
    Range pan = axis(ptz, "pan", -180, 180, "degrees");
    Range tilt = axis(ptz, "tilt", -90, 90, "degrees");
    Range zoom = axis(ptz, "zoom", 100, 5000, "percent");
    return new Ptz(pan, tilt, zoom);
  }

  private static Range axis(Section ptz, String name, int lo, int hi, String unit) {
    Section axis = ptz.object(name, false);
    if (axis == null) {
      return null;
    }
    axis.rejectUnknown(List.of("min", "max"));
    Integer min = axis.integer("min", lo, hi, unit, null);
    Integer max = axis.integer("max", lo, hi, unit, null);
    if (min == null || max == null) {
      return null;
    }
    if (min >= max) {
      axis.problems().add(axis.path(), "min less than max", "min " + min + " and max " + max, axis.origin());
      return null;
    }
    return new Range(min, max);
  }
}
