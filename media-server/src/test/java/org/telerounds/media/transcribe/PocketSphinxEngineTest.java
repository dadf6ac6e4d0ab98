package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.transcribe.engine.EngineDecoder;
import org.telerounds.media.transcribe.engine.EngineSettings;
import org.telerounds.media.transcribe.engine.EngineUnavailableException;
import org.telerounds.media.transcribe.engine.Hypothesis;
import org.telerounds.media.transcribe.engine.PocketSphinxEngine;
import org.telerounds.media.transcribe.engine.SpeechEngines;

/** The real PocketSphinx engine (Debian libpocketsphinx3 + pocketsphinx-en-us) on real speech. */
class PocketSphinxEngineTest {
  static final Path MODEL = Path.of("/usr/share/pocketsphinx/model/en-us");
  static final EngineSettings SETTINGS =
      new EngineSettings("pocketsphinx", MODEL, "en-us", "telerounds.transcription.pocketsphinx.model-dir");
  static final String SENTENCE = "the patient reports chest pain since this morning";

  static void assumeInstalled() {
    assumeTrue(Files.isDirectory(MODEL.resolve("en-us")) && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3")),
        "PocketSphinx is not installed (apt-get install libpocketsphinx3 pocketsphinx-en-us)");
  }

  @Test
  void missingModelGivesOneClearLineNamingTheKey(@TempDir Path dir) {
    var s = new EngineSettings("pocketsphinx", dir.resolve("nope"), "en-us", "telerounds.transcription.pocketsphinx.model-dir");
    assertThatThrownBy(() -> SpeechEngines.load(s))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("PocketSphinx model not found")
        .hasMessageContaining("telerounds.transcription.pocketsphinx.model-dir")
        .hasMessageContaining("pocketsphinx-en-us")
        .hasMessageNotContaining("\n");
  }

  @Test
  void loadsAndRecognisesASentenceWithWordTimes(@TempDir Path dir) throws Exception {
    assumeInstalled();
    short[] pcm = Speech.say(SENTENCE, dir);
    int before = PocketSphinxEngine.liveDecoders();
    try (var engine = SpeechEngines.load(SETTINGS); EngineDecoder d = engine.newDecoder()) {
      assertThat(PocketSphinxEngine.liveDecoders()).isEqualTo(before + 1);
      d.startUtterance();
      for (int i = 0; i < pcm.length; i += 320) {
        d.accept(pcm, i, Math.min(320, pcm.length - i));
      }
      assertThat(d.partial()).isNotEmpty();
      Hypothesis h = d.endUtterance();
      assertThat(WordErrorRate.wer(SENTENCE, h.text())).as("WER of '%s'", h.text()).isLessThanOrEqualTo(0.5);
      assertThat(h.words()).isNotEmpty();
      assertThat(h.words().get(h.words().size() - 1).endMillis()).isLessThanOrEqualTo(pcm.length / 16 + 20);
    }
    assertThat(PocketSphinxEngine.liveDecoders()).as("ps_free called on close").isEqualTo(before);
  }

  @Test
  void pipelineSegmentsTwoSentencesIntoTwoFinalsOnTheRoundClock(@TempDir Path dir) throws Exception {
    assumeInstalled();
    short[] a = Speech.say(SENTENCE, dir);
    short[] b = Speech.say("blood pressure is one hundred and twenty over eighty", dir);
    short[] audio = Speech.concat(Speech.silence(500), a, Speech.silence(1500), b, Speech.silence(1000));
    List<Caption> captions = new ArrayList<>();
    var config = TranscriptionConfigTest.defaults();
    try (var engine = SpeechEngines.load(SETTINGS);
        var p = new SpeakerPipeline(new Speaker("p1", "mic:patient", "Patient"), engine.newDecoder(),
            config.newSegmenter(), config.partialIntervalFrames(), captions::add, TranscriptionMetrics.discard(),
            Clock.systemUTC())) {
      for (int i = 0; i < audio.length; i += 320) {
        p.process(audio, i, Math.min(320, audio.length - i), 60_000 + i / 16, 0, true);
      }
    }
    List<Caption> finals = captions.stream().filter(Caption::isFinal).toList();
    assertThat(finals).hasSize(2);
    assertThat(WordErrorRate.wer(SENTENCE, finals.get(0).text())).isLessThanOrEqualTo(0.5);
    assertThat(finals.get(0).startMillis()).isBetween(60_000L + 200, 60_000L + 900);
    long endOfA = 60_000L + 500 + a.length / 16;
    assertThat(finals.get(0).endMillis()).isBetween(endOfA - 300, endOfA + 100);
    // word times of the second utterance are its own, not counted from the first (ps_start_stream)
    long startOfB = endOfA + 1500;
    assertThat(finals.get(1).startMillis()).isBetween(startOfB - 400, startOfB + 400);
    assertThat(finals.get(1).endMillis()).isBetween(startOfB + b.length / 16 - 300, startOfB + b.length / 16 + 100);
    assertThat(captions).anyMatch(c -> !c.isFinal());
  }
}
