package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TranscriptionConfigTest {
  static TranscriptionConfig defaults() {
    return TranscriptionConfig.from(ConfigFactory.defaultReference());
  }

  static TranscriptionConfig parse(String hocon) {
    return TranscriptionConfig.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void referenceDefaultsAreOffWithPocketSphinxFromDebian() {
    TranscriptionConfig c = defaults();
    assertThat(c.enabled()).isFalse();
    assertThat(c.defaults().engine()).isEqualTo("pocketsphinx");
    assertThat(c.defaults().modelDir()).isEqualTo(Path.of("/usr/share/pocketsphinx/model/en-us"));
    assertThat(c.trailingSilence().toMillis()).isLessThan(1000);
    assertThat(c.effectiveThreads()).isPositive();
  }

  @Test
  void unknownEngineIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> parse("telerounds.transcription.engine = whisper"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("telerounds.transcription.engine");
    assertThatThrownBy(() -> parse("telerounds.transcription.cart-voice = loud"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("telerounds.transcription.cart-voice");
  }

  @Test
  void unknownKeyIsRejected() {
    assertThatThrownBy(() -> parse("telerounds.transcription.vad.treshold-db = 3"))
        .hasMessageContaining("telerounds.transcription.vad.treshold-db");
  }

  @Test
  void badOverrideKeyIsRejectedNamingIt() {
    assertThatThrownBy(() -> parse("telerounds.transcription.overrides = [{hospital = a, modeldir = x}]"))
        .hasMessageContaining("telerounds.transcription.overrides[0].modeldir");
  }

  @Test
  void outOfRangeValueNamesTheKey() {
    // partial-backlog must stay below queue-chunks (1500 by default)
    assertThatThrownBy(() -> parse("telerounds.transcription.partial-backlog = 1500"))
        .hasMessageContaining("telerounds.transcription.partial-backlog");
  }

  @Test
  void roomOverrideBeatsHospitalOverrideBeatsDefault() {
    TranscriptionConfig c = parse("""
        telerounds.transcription.overrides = [
          { hospital = "north", engine = vosk, model-dir = "/models/vosk-en" },
          { hospital = "north", room = "icu-3", engine = vosk, model-dir = "/models/vosk-de", language = de }
        ]""");
    assertThat(c.resolve("north", "icu-3").modelDir()).isEqualTo(Path.of("/models/vosk-de"));
    assertThat(c.resolve("north", "icu-3").language()).isEqualTo("de");
    assertThat(c.resolve("north", "ward-1").modelDir()).isEqualTo(Path.of("/models/vosk-en"));
    assertThat(c.resolve("north", "ward-1").modelKey()).isEqualTo("telerounds.transcription.overrides[0].model-dir");
    assertThat(c.resolve("south", "x").engine()).isEqualTo("pocketsphinx");
  }

  @Test
  void aRoomOnlyOverrideAppliesWithoutAHospital() {
    TranscriptionConfig c = parse("""
        telerounds.transcription.overrides = [
          { room = "ward-zh-1", engine = vosk, model-dir = "/models/vosk-cn", language = zh },
          { hospital = "north", engine = vosk, model-dir = "/models/vosk-en" }
        ]""");
    assertThat(c.resolve(null, "ward-zh-1").language()).isEqualTo("zh"); // live rounds: no hospital known
    assertThat(c.resolve("north", "ward-zh-1").language()).isEqualTo("zh");
    assertThat(c.resolve(null, "other").engine()).isEqualTo("pocketsphinx");
    assertThatThrownBy(() -> parse("telerounds.transcription.overrides = [{language = de}]"))
        .hasMessageContaining("overrides[0]").hasMessageContaining("a hospital, a room or both");
  }
}
