package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.telerounds.media.transcribe.engine.EngineDecoder;
import org.telerounds.media.transcribe.engine.Hypothesis;
import org.telerounds.media.transcribe.engine.SpeechEngine;

/**
 * The queue and overload rules only, with a deliberately slow fake engine (the real engines are
 * tested elsewhere): partial hypotheses are skipped before any final is lost, drops are counted,
 * and a full queue drops audio without ever blocking the feeding thread.
 */
class BackpressureTest {
  /** Partials cost 40 ms each, so a feed faster than real time builds a backlog. */
  static final class SlowEngine implements SpeechEngine {
    final CountDownLatch gate;
    int utterances;

    SlowEngine(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public EngineDecoder newDecoder() {
      return new EngineDecoder() {
        @Override
        public void startUtterance() {
          utterances++;
        }

        @Override
        public void accept(short[] pcm, int off, int len) {
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public String partial() {
          try {
            Thread.sleep(40);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "partial " + utterances;
        }

        @Override
        public Hypothesis endUtterance() {
          return new Hypothesis("utterance " + utterances, List.of());
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }

  /**
   * Half a second of silence (the segmenter learns its noise floor from it), then {@code bursts}
   * one-second 48 kHz tone bursts, each followed by a second of silence.
   */
  static short[] bursts(int bursts) {
    short[] tone = DownsamplerTest.tone(300, 48000, 48000, 8000);
    short[][] parts = new short[bursts * 2 + 1][];
    parts[0] = new short[24000];
    for (int i = 0; i < bursts; i++) {
      parts[2 * i + 1] = tone;
      parts[2 * i + 2] = new short[48000];
    }
    return Speech.concat(parts);
  }

  static TranscriptionService service(String extra, SpeechEngine engine, TranscriptionMetrics metrics) {
    var config = TranscriptionConfigTest.parse("telerounds.transcription { enabled = true, threads = 1, "
        + "partial-interval = 100ms, " + extra + " }");
    return new TranscriptionService(config, metrics, Clock.systemUTC(), s -> engine);
  }

  @Test
  void overloadDropsPartialsButKeepsEveryFinal() throws Exception {
    var metrics = TranscriptionMetrics.discard();
    List<Caption> captions = new CopyOnWriteArrayList<>();
    try (var service = service("queue-chunks = 1000, partial-backlog = 10", new SlowEngine(new CountDownLatch(0)), metrics)) {
      var stream = service.forRoom("h", "r").open(new Speaker("p", "mic:patient", "Patient"), captions::add);
      short[] audio = bursts(5);
      for (int i = 0; i < audio.length; i += 960) {
        stream.accept48k(audio, i, 960, i / 48);
      }
      stream.close();
      stream.closed().get();
    }
    List<String> finals = captions.stream().filter(Caption::isFinal).map(Caption::text).toList();
    assertThat(finals).containsExactly("utterance 1", "utterance 2", "utterance 3", "utterance 4", "utterance 5");
    assertThat(metrics.drops(TranscriptionMetrics.DropKind.PARTIAL)).isPositive();
    assertThat(metrics.drops(TranscriptionMetrics.DropKind.AUDIO)).isZero();
    assertThat(metrics.queueDepth()).isZero();
  }

  @Test
  void fullQueueDropsAudioAndCountsItWithoutBlockingTheFeed() throws Exception {
    var metrics = TranscriptionMetrics.discard();
    var gate = new CountDownLatch(1);
    try (var service = service("queue-chunks = 10, partial-backlog = 2", new SlowEngine(gate), metrics)) {
      var stream = service.forRoom("h", "r").open(new Speaker("p", "mic:patient", "Patient"), c -> { });
      short[] audio = bursts(1);
      // The engine is stuck until the gate opens, so a feed that blocked would never return: the
      // preemptive timeout turns that hang into a failure (a generous bound, not a speed figure).
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        for (int i = 0; i < audio.length; i += 960) {
          stream.accept48k(audio, i, 960, i / 48);
        }
      });
      // How many chunks the worker takes before it reaches the stuck engine depends on scheduling
      // (silence is consumed without the engine): at most the 10 queued stay, the rest are counted.
      int chunks = audio.length / 960;
      double dropped = metrics.drops(TranscriptionMetrics.DropKind.AUDIO);
      assertThat(dropped).as("chunks dropped of %d", chunks).isPositive().isLessThanOrEqualTo(chunks - 10);
      gate.countDown();
      stream.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> stream.closed().isDone());
    }
  }
}
