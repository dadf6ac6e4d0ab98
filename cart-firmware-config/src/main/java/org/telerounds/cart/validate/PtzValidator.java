package org.telerounds.cart.validate;

import java.util.ArrayList;
import java.util.List;
import org.telerounds.cart.model.Ptz;
import org.telerounds.cart.model.PtzPreset;
import org.telerounds.cart.model.Range;

/**
 * Reads a camera's optional {@code ptz} object: the range of each axis the camera supports, with
 * {@code min < max} inside what any real PTZ head can do (pan -180..180 degrees, tilt -90..90
 * degrees, zoom 100..5000 percent). An absent {@code ptz} means a fixed camera; an empty one is a
 * mistake. Optional {@code presets} name positions: each sets at least one axis the camera has,
 * to a value inside that axis's range.
 */
final class PtzValidator {
  static final List<String> KEYS = List.of("pan", "tilt", "zoom", "presets");
  static final List<String> AXES = List.of("pan", "tilt", "zoom");
  static final int MAX_PRESETS = 32;

  private PtzValidator() {}

  /** The PTZ capability, or {@code null} for a fixed camera or after a problem. */
  static Ptz read(Section camera) {
    Section ptz = camera.object("ptz", false);
    if (ptz == null) {
      return null;
    }
    ptz.rejectUnknown(KEYS);
    if (ptz.keys().stream().noneMatch(AXES::contains)) {
      ptz.problems().add(ptz.path(), "at least one of pan, tilt, zoom (or no ptz key at all)",
          "an empty object", ptz.origin());
      return null;
    }
    Range pan = axis(ptz, "pan", -180, 180, "degrees");
    Range tilt = axis(ptz, "tilt", -90, 90, "degrees");
    Range zoom = axis(ptz, "zoom", 100, 5000, "percent");
    if ((ptz.value("pan") != null && pan == null) || (ptz.value("tilt") != null && tilt == null)
        || (ptz.value("zoom") != null && zoom == null)) {
      return null; // an axis is broken: presets are checked once the ranges are right
    }
    List<PtzPreset> presets = presets(ptz, new Range[] {pan, tilt, zoom});
    return presets == null ? null : new Ptz(pan, tilt, zoom, presets);
  }

  /** The presets sorted by name, or {@code null} after a problem. */
  private static List<PtzPreset> presets(Section ptz, Range[] ranges) {
    Section presets = ptz.object("presets", false, "an object of preset name to position");
    if (presets == null) {
      return ptz.value("presets") == null ? List.of() : null;
    }
    int before = presets.problems().size();
    if (presets.keys().size() > MAX_PRESETS) {
      presets.problems().add(presets.path(), "at most " + MAX_PRESETS + " presets",
          presets.keys().size() + " presets", presets.origin());
    }
    List<PtzPreset> out = new ArrayList<>();
    for (String name : presets.keys()) {
      if (!Section.ID.matcher(name).matches()) {
        presets.problem(name, "a preset name matching [a-z0-9-]{1,64}", Found.quote(name));
        continue;
      }
      Section p = presets.object(name, true, "an object with pan, tilt and/or zoom");
      if (p == null) {
        continue;
      }
      p.rejectUnknown(AXES);
      Integer[] values = new Integer[3];
      for (int i = 0; i < 3; i++) {
        String axis = AXES.get(i);
        if (p.value(axis) == null) {
          continue;
        }
        if (ranges[i] == null) {
          p.problem(axis, "only axes this camera has (" + axesOf(ranges) + ")", "a " + axis + " value");
          continue;
        }
        values[i] = p.integer(axis, ranges[i].min(), ranges[i].max(), "this camera's " + axis + " range", null);
      }
      if (p.keys().stream().noneMatch(AXES::contains)) {
        p.problems().add(p.path(), "at least one of pan, tilt, zoom", "an empty object", p.origin());
      }
      out.add(new PtzPreset(name, values[0], values[1], values[2]));
    }
    return presets.problems().size() == before ? out : null;
  }

  private static String axesOf(Range[] ranges) {
    List<String> have = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (ranges[i] != null) {
        have.add(AXES.get(i));
      }
    }
    return have.isEmpty() ? "none" : String.join(", ", have);
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
