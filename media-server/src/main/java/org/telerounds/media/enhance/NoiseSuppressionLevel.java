package org.telerounds.media.enhance;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** WebRTC AudioProcessing noise-suppression strength, by its config name. */
public enum NoiseSuppressionLevel {
  LOW, MODERATE, HIGH, VERY_HIGH;

  /** The name used in config: low, moderate, high, very-high. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<NoiseSuppressionLevel> fromWire(String s) {
    return Arrays.stream(values()).filter(l -> l.wireName().equals(s)).findFirst();
  }
}
