package org.telerounds.media.enhance;

import java.util.Set;

/**
 * One named enhancement preset: noise-suppression level, target active speech level of the
 * output, and the most gain the adaptive digital gain may apply. Names are the cart profile's
 * ({@code gentle}, {@code standard}, {@code aggressive}); {@code none} means no processing.
 */
public record EnhancementPreset(String name, NoiseSuppressionLevel noiseSuppression,
    double targetLevelDbfs, double maxGainDb) {
  /** The preset names a cart profile may use. */
  public static final Set<String> NAMES = Set.of("gentle", "standard", "aggressive", "none");
  /** Target levels accepted, in dBFS. */
  public static final double MIN_TARGET_DBFS = -40, MAX_TARGET_DBFS = -3;
  /** Gains accepted, in dB (WebRTC's adaptive digital gain caps at 50). */
  public static final double MAX_GAIN_LIMIT_DB = 50;

  /** The pass-through preset: enhancement off. */
  public static final EnhancementPreset NONE =
      new EnhancementPreset("none", NoiseSuppressionLevel.LOW, -23, 0);

  public EnhancementPreset {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("preset name must be one of " + NAMES + " but was " + name);
    }
    if (!(targetLevelDbfs >= MIN_TARGET_DBFS && targetLevelDbfs <= MAX_TARGET_DBFS)) {
      throw new IllegalArgumentException("target level must be in " + MIN_TARGET_DBFS + ".."
          + MAX_TARGET_DBFS + " dBFS but was " + targetLevelDbfs);
    }
    if (!(maxGainDb >= 0 && maxGainDb <= MAX_GAIN_LIMIT_DB)) {
      throw new IllegalArgumentException("max gain must be in 0.." + MAX_GAIN_LIMIT_DB + " dB but was " + maxGainDb);
    }
  }

  /** True for {@code none}: the pipeline passes the patient mic through untouched. */
  public boolean bypass() {
    return name.equals("none");
  }
}
