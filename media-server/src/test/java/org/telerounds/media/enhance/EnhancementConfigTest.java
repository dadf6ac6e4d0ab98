package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class EnhancementConfigTest {
  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaultsAreOnWithTheStandardPresetAndTheCartProfileNames() {
    EnhancementConfig c = EnhancementConfig.defaults();
    assertThat(c.enabled()).isTrue();
    assertThat(c.defaultPreset().name()).isEqualTo("standard");
    assertThat(c.presets()).containsOnlyKeys("gentle", "standard", "aggressive");
    assertThat(c.preset("none")).contains(EnhancementPreset.NONE);
    assertThat(c.preset("aggressive").orElseThrow().noiseSuppression()).isEqualTo(NoiseSuppressionLevel.VERY_HIGH);
    for (String name : new String[] {"none", "gentle", "standard", "aggressive"}) { // cart model Preset.wire()
      assertThat(c.preset(name)).as(name).isPresent();
    }
  }

  @Test
  void opusLibraryAndAlarmTonesAreReadAndChecked() {
    EnhancementConfig c = EnhancementConfig.defaults();
    assertThat(c.opusLibrary()).isEqualTo(org.telerounds.media.audio.OpusLibrary.AUTO);
    assertThat(c.alarmTonesHz()).containsExactly(1000.0);
    assertThat(EnhancementConfig.from(with("telerounds.enhancement.alarm-tones-hz = []")).alarmTonesHz()).isEmpty();
    assertThat(EnhancementConfig.from(with("telerounds.enhancement.opus-library = concentus")).opusLibrary())
        .isEqualTo(org.telerounds.media.audio.OpusLibrary.CONCENTUS);
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.opus-library = libopus")))
        .isInstanceOf(ConfigException.BadValue.class).hasMessageContaining("telerounds.enhancement.opus-library");
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.alarm-tones-hz = [20]")))
        .hasMessageContaining("telerounds.enhancement.alarm-tones-hz");
  }

  @Test
  void badNoiseSuppressionLevelNamesItsKey() {
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.presets.gentle.noise-suppression = loud")))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("telerounds.enhancement.presets.gentle.noise-suppression")
        .hasMessageContaining("very-high");
  }

  @Test
  void targetLevelAndMaxGainAreRangeChecked() {
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.presets.standard.target-level-dbfs = 3")))
        .hasMessageContaining("telerounds.enhancement.presets.standard.target-level-dbfs");
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.presets.aggressive.max-gain-db = 80")))
        .hasMessageContaining("telerounds.enhancement.presets.aggressive.max-gain-db");
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.presets.aggressive.max-gain-db = lots")))
        .isInstanceOf(ConfigException.WrongType.class);
  }

  @Test
  void unknownPresetNameAndUnknownKeysAreRejected() {
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.preset = loud")))
        .hasMessageContaining("telerounds.enhancement.preset");
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.presets.loud.max-gain-db = 10")))
        .hasMessageContaining("telerounds.enhancement.presets.loud.max-gain-db");
    assertThatThrownBy(() -> EnhancementConfig.from(with("telerounds.enhancement.jitter-frames = 20")))
        .hasMessageContaining("telerounds.enhancement.jitter-frames");
  }

  @Test
  void presetRecordValidatesToo() {
    assertThatThrownBy(() -> new EnhancementPreset("loud", NoiseSuppressionLevel.LOW, -20, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EnhancementPreset("gentle", NoiseSuppressionLevel.LOW, -20, -1))
        .hasMessageContaining("max gain");
  }
}
