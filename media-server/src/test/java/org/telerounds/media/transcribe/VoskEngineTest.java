package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.transcribe.engine.EngineSettings;
import org.telerounds.media.transcribe.engine.EngineUnavailableException;
import org.telerounds.media.transcribe.engine.Hypothesis;
import org.telerounds.media.transcribe.engine.SpeechEngines;
import org.telerounds.media.transcribe.engine.VoskResults;

/**
 * The Vosk adapter: no Vosk model can be had here, so the model-missing paths run for real
 * (including libvosk rejecting a directory that is not a model), and the result parser runs on
 * Vosk's documented JSON shapes.
 */
class VoskEngineTest {
  static final String KEY = "telerounds.transcription.vosk.model-dir";

  @Test
  void emptyModelDirIsUnavailableWithOneClearLine() {
    var s = new EngineSettings("vosk", Path.of(""), "en-us", KEY);
    assertThatThrownBy(() -> SpeechEngines.load(s))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("Vosk model directory not found")
        .hasMessageContaining(KEY)
        .hasMessageNotContaining("\n");
  }

  @Test
  void missingModelDirNamesThePathAndKey(@TempDir Path dir) {
    Path missing = dir.resolve("vosk-model-en-us-0.22");
    assertThatThrownBy(() -> SpeechEngines.load(new EngineSettings("vosk", missing, "en-us", KEY)))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining(KEY);
  }

  @Test
  void directoryThatIsNotAModelIsRejectedByLibvosk(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("README"), "not a model");
    assertThatThrownBy(() -> SpeechEngines.load(new EngineSettings("vosk", dir, "en-us", KEY)))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("not a Vosk model directory")
        .hasMessageContaining(KEY);
  }

  @Test
  void transcriberWithMissingModelReportsWhyAndTheStreamIgnoresAudio() throws Exception {
    var config = TranscriptionConfigTest.parse("""
        telerounds.transcription { enabled = true, engine = vosk, vosk.model-dir = "/nonexistent/vosk", threads = 1 }""");
    try (var service = new TranscriptionService(config, TranscriptionMetrics.discard(), java.time.Clock.systemUTC())) {
      Transcriber t = service.forRoom("north", "icu-1");
      var reason = t.availability().get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(reason).hasValueSatisfying(r -> assertThat(r).contains("/nonexistent/vosk").contains(KEY));
      assertThat(t.isActive()).isFalse();
      var s = t.open(new Speaker("e1", "expert", "Dr A"), c -> { throw new AssertionError("no captions"); });
      s.accept48k(new short[960], 0, 960, 0);
      assertThat(s.queued()).isZero();
    }
  }

  @Test
  void parsesPartial() {
    assertThat(VoskResults.partial("{\n  \"partial\" : \"blood pressure is\"\n}")).isEqualTo("blood pressure is");
    assertThat(VoskResults.partial("{\"partial\" : \"\"}")).isEmpty();
  }

  @Test
  void parsesFinalWithWordList() {
    String json = """
        {
          "result" : [{
              "conf" : 1.000000,
              "end" : 1.110000,
              "start" : 0.870000,
              "word" : "what"
            }, {
              "conf" : 0.953181,
              "end" : 1.530000,
              "start" : 1.110000,
              "word" : "zero"
            }],
          "text" : "what zero"
        }""";
    Hypothesis h = VoskResults.result(json);
    assertThat(h.text()).isEqualTo("what zero");
    assertThat(h.words()).hasSize(2);
    assertThat(h.words().get(0).word()).isEqualTo("what");
    assertThat(h.words().get(0).startMillis()).isEqualTo(870);
    assertThat(h.words().get(0).endMillis()).isEqualTo(1110);
    assertThat(h.words().get(1).confidence()).isEqualTo(0.953181);
  }

  @Test
  void parsesFinalWithoutWordList() {
    Hypothesis h = VoskResults.result("{\n  \"text\" : \"one zero zero zero one\"\n}");
    assertThat(h.text()).isEqualTo("one zero zero zero one");
    assertThat(h.words()).isEmpty();
  }

  @Test
  void emptyTextIsEmptyHypothesis() {
    assertThat(VoskResults.result("{\n  \"text\" : \"\"\n}")).isEqualTo(Hypothesis.EMPTY);
  }

  @Test
  void escapesAndUnicodeSurvive() {
    assertThat(VoskResults.result("{\"text\" : \"caf\\u00e9 \\\"x\\\"\"}").text()).isEqualTo("café \"x\"");
  }

  @Test
  void malformedJsonIsAnError() {
    assertThatThrownBy(() -> VoskResults.result("{\"text\" : ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VoskResults.partial("[1]")).isInstanceOf(IllegalArgumentException.class);
  }
}
