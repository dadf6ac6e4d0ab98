package org.telerounds.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.telerounds.recorder.ffmpeg.FfmpegLocator;

/** The recorder's keys for write retries and ffmpeg: defaults, and bad values refused by name. */
class RecorderConfigTest {
  private static RecorderConfig parse(String hocon) {
    return RecorderConfig.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void defaults() {
    RecorderConfig c = parse("");
    assertThat(c.writeRetry()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.ffmpeg()).isEqualTo(FfmpegLocator.Source.AUTO);
  }

  @Test
  void ffmpegSourcesAndRetry() {
    assertThat(parse("telerounds.recorder.ffmpeg = system").ffmpeg()).isEqualTo(FfmpegLocator.Source.SYSTEM);
    assertThat(parse("telerounds.recorder.ffmpeg = bundled").ffmpeg()).isEqualTo(FfmpegLocator.Source.BUNDLED);
    assertThat(parse("telerounds.recorder.write-retry = 250ms").writeRetry()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> parse("telerounds.recorder.ffmpeg = \"/tmp/ffmpeg\""))
        .isInstanceOf(ConfigException.BadValue.class).hasMessageContaining("telerounds.recorder.ffmpeg")
        .hasMessageContaining("auto, system or bundled");
    assertThatThrownBy(() -> parse("telerounds.recorder.write-retry = 5ms"))
        .isInstanceOf(ConfigException.BadValue.class).hasMessageContaining("telerounds.recorder.write-retry");
  }
}
