package org.telerounds.cart.model;

import java.util.List;

/**
 * What a pan-tilt-zoom camera can do: the range of each axis it supports, or {@code null} for an
 * axis it lacks, and its named presets sorted by name. Pan and tilt are in degrees; zoom is in
 * percent of the widest view (100 = 1x).
 */
public record Ptz(Range pan, Range tilt, Range zoom, List<PtzPreset> presets) {
  public Ptz {
    presets = List.copyOf(presets);
  }
}
