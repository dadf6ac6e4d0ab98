package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.telerounds.media.MutableClock;
import org.telerounds.media.audio.OpusFrameEncoder;
import org.telerounds.media.audio.Pcm;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.media.transcribe.engine.EngineDecoder;
import org.telerounds.media.transcribe.engine.Hypothesis;
import org.telerounds.media.transcribe.engine.SpeechEngine;

/**
 * The live feed when the recognition thread stalls: with the default configuration and one
 * recognition thread, a stream's decoder takes seconds to load (PocketSphinx loads a model copy
 * per stream: 0.5-1 s on a busy 2-core machine, and the cart's {@code mic:patient} and
 * {@code voice:enhanced} decoders load one after the other). Meanwhile the cart keeps sending.
 * The packets must wait, not be dropped: captions lag and then catch up. Before, the feed's
 * hand-off held 100 packets (2 s) and {@code LiveCaptionsIT} lost 0.8 s to whole sentences.
 */
class RecognitionStallTest {
  /** Whose {@code newDecoder} waits for {@code loaded}, and which counts the audio it is given. */
  static final class SlowLoadingEngine implements SpeechEngine {
    final CountDownLatch loaded = new CountDownLatch(1);
    final AtomicLong samples = new AtomicLong();

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public EngineDecoder newDecoder() {
      try {
        loaded.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new EngineDecoder() {
        @Override
        public void startUtterance() {}

        @Override
        public void accept(short[] pcm, int off, int len) {
          samples.addAndGet(len);
        }

        @Override
        public String partial() {
          return "";
        }

        @Override
        public Hypothesis endUtterance() {
          return new Hypothesis("words", List.of());
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void packetsWaitWhileTheDecoderLoadsAndNoneIsDropped() throws Exception {
    var metrics = TranscriptionMetrics.discard();
    var engine = new SlowLoadingEngine();
    var clock = new MutableClock();
    var config = TranscriptionConfigTest.parse("telerounds.transcription { enabled = true, threads = 1 }");
    try (var service = new TranscriptionService(config, metrics, clock, s -> engine);
        var live = new LiveTranscription(service, clock);
        var encoder = new OpusFrameEncoder(32_000, 5)) {
      var room = live.startRoom("room-1", null, clock.millis(), c -> { });
      room.transcriber().availability().get(10, TimeUnit.SECONDS);
      TrackInfo mic = new TrackInfo("t1", "room-1", "expert-1", TrackRole.MIC_PARTICIPANT, "audio", "opus", 48_000);
      // 8 s: half a second of silence, then a tone that the segmenter takes for speech.
      short[] tone = DownsamplerTest.tone(300, 48000, 48000 * 15 / 2, 8000);
      short[] audio = Speech.concat(new short[24_000], tone);
      float[] frame = new float[Pcm.FRAME_SAMPLES];
      int packets = audio.length / Pcm.FRAME_SAMPLES;
      for (int f = 0; f < packets; f++) {
        for (int i = 0; i < frame.length; i++) frame[i] = Pcm.toFloat(audio[f * frame.length + i]);
        byte[] p = rtp(f, encoder.encode(frame));
        live.onRtp(mic, p, 0, p.length, System.nanoTime());
        clock.advance(Duration.ofMillis(20));
      }
      assertThat(metrics.drops(TranscriptionMetrics.DropKind.PACKET))
          .as("packets dropped while the decoder was loading").isZero();

      engine.loaded.countDown();
      live.endRoom("room-1").get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> metrics.queueDepth() == 0);
      assertThat(metrics.drops(TranscriptionMetrics.DropKind.AUDIO)).isZero();
      // Every 20 ms of the tone reached the engine (16 kHz); the jitter buffer's last frames too.
      assertThat(engine.samples.get()).as("16 kHz samples the engine got").isGreaterThanOrEqualTo(16_000L * 7);
    }
  }

  private static byte[] rtp(int n, byte[] opus) {
    return LiveTranscriptionTest.rtp(1000 + n, 123_456L + (long) n * Pcm.FRAME_SAMPLES, opus);
  }
}
