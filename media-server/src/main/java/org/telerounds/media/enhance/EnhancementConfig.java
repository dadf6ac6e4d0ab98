package org.telerounds.media.enhance;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.telerounds.media.audio.OpusLibrary;
import org.telerounds.media.config.ConfigKeys;

/**
 * Typed, immutable view of the {@code telerounds.enhancement} block: whether enhancement starts
 * on, the preset in use, the named presets, and the live path's jitter, delay, queue and Opus
 * settings (bitrate, complexity, native or Java library), and the ward's alarm tones. {@link #from} rejects unknown keys and bad values with an error naming the full key.
 */
public record EnhancementConfig(boolean enabled, String presetName, Map<String, EnhancementPreset> presets,
    int jitterFrames, int jitterCapacityFrames, double maxMicDelayMs, int queueCapacity,
    int opusBitrateBps, int opusComplexity, OpusLibrary opusLibrary, double[] alarmTonesHz) {
  private static final String ROOT = "telerounds.enhancement";
  private static final String P = ROOT + ".";

  /** Reads and validates the {@code telerounds.enhancement} section. */
  public static EnhancementConfig from(Config root) {
    ConfigKeys.rejectUnknown(root, ROOT);
    Map<String, EnhancementPreset> presets = new LinkedHashMap<>();
    for (String name : new String[] {"gentle", "standard", "aggressive"}) {
      presets.put(name, preset(root, name));
    }
    EnhancementConfig c = new EnhancementConfig(
        root.getBoolean(P + "enabled"),
        root.getString(P + "preset"),
        Map.copyOf(presets),
        root.getInt(P + "jitter-frames"),
        root.getInt(P + "jitter-capacity-frames"),
        root.getDuration(P + "max-mic-delay").toNanos() / 1e6,
        root.getInt(P + "queue-capacity"),
        root.getInt(P + "opus-bitrate-bps"),
        root.getInt(P + "opus-complexity"),
        opusLibrary(root),
        root.getDoubleList(P + "alarm-tones-hz").stream().mapToDouble(Double::doubleValue).toArray());
    c.validate();
    return c;
  }

  /** The defaults of reference.conf. */
  public static EnhancementConfig defaults() {
    return from(ConfigFactory.defaultReference());
  }

  private static OpusLibrary opusLibrary(Config root) {
    String v = root.getString(P + "opus-library");
    return OpusLibrary.fromWire(v).orElseThrow(() ->
        new ConfigException.BadValue(P + "opus-library", "expected auto or concentus but found " + v));
  }

  private static EnhancementPreset preset(Config root, String name) {
    String k = P + "presets." + name + ".";
    String ns = root.getString(k + "noise-suppression");
    NoiseSuppressionLevel level = NoiseSuppressionLevel.fromWire(ns).orElseThrow(() ->
        new ConfigException.BadValue(k + "noise-suppression",
            "expected low, moderate, high or very-high but found " + ns));
    double target = root.getDouble(k + "target-level-dbfs");
    ConfigKeys.require(target >= EnhancementPreset.MIN_TARGET_DBFS && target <= EnhancementPreset.MAX_TARGET_DBFS,
        k + "target-level-dbfs", "-40..-3 (dBFS)", target);
    double gain = root.getDouble(k + "max-gain-db");
    ConfigKeys.require(gain >= 0 && gain <= EnhancementPreset.MAX_GAIN_LIMIT_DB, k + "max-gain-db", "0..50 (dB)", gain);
    return new EnhancementPreset(name, level, target, gain);
  }

  private void validate() {
    ConfigKeys.require(EnhancementPreset.NAMES.contains(presetName), P + "preset",
        "gentle, standard, aggressive or none", presetName);
    ConfigKeys.require(jitterFrames >= 0 && jitterFrames <= 10, P + "jitter-frames", "0..10", jitterFrames);
    ConfigKeys.require(jitterCapacityFrames > jitterFrames && jitterCapacityFrames <= 100,
        P + "jitter-capacity-frames", "more than jitter-frames and at most 100", jitterCapacityFrames);
    ConfigKeys.require(maxMicDelayMs >= 1 && maxMicDelayMs <= 20, P + "max-mic-delay", "1ms..20ms", maxMicDelayMs + "ms");
    ConfigKeys.require(queueCapacity >= 4 && queueCapacity <= 4096, P + "queue-capacity", "4..4096", queueCapacity);
    ConfigKeys.require(opusBitrateBps >= 6000 && opusBitrateBps <= 128000, P + "opus-bitrate-bps", "6000..128000", opusBitrateBps);
    for (double f : alarmTonesHz) {
      ConfigKeys.require(f >= 100 && f <= 8000, P + "alarm-tones-hz", "frequencies in 100..8000 (Hz)", f);
    }
    ConfigKeys.require(opusComplexity >= 0 && opusComplexity <= 10, P + "opus-complexity", "0..10", opusComplexity);
  }

  /** The alarm tone frequencies (a copy). */
  @Override
  public double[] alarmTonesHz() {
    return alarmTonesHz.clone();
  }

  /** The preset called {@code name} ({@code none} included), if any. */
  public Optional<EnhancementPreset> preset(String name) {
    return "none".equals(name) ? Optional.of(EnhancementPreset.NONE) : Optional.ofNullable(presets.get(name));
  }

  /** The configured preset. */
  public EnhancementPreset defaultPreset() {
    return preset(presetName).orElseThrow();
  }
}
