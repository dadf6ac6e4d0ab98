package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.telerounds.media.MutableClock;

class CartEnhancerTest {
  private static long enhancerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(CartEnhancer.THREAD_PREFIX)).count();
  }

  @Test
  void emitsOneOpusFramePerTickWithTimestampsStepping960AndConcealsLoss() {
    MutableClock clock = new MutableClock();
    List<EncodedFrame> out = new ArrayList<>();
    float[] speech = TestSignals.speechLike(21, 1.0, 0.01);
    List<byte[]> patient = OpusTestStreams.encode(speech);
    List<byte[]> room = OpusTestStreams.encode(TestSignals.delayed(speech, 100, 0.5));
    try (CartEnhancer e = new CartEnhancer(EnhancementConfig.defaults().defaultPreset(),
        EnhancementConfig.defaults(), clock, null, out::add)) {
      for (int i = 0; i < patient.size(); i++) {
        if (i != 20) { // packet 20 of the patient mic is lost
          assertThat(e.onPacket("mic:patient", patient.get(i), 0, patient.get(i).length, 1000 + i, i * 960L)).isTrue();
        }
        e.onPacket("mic:room", room.get(i), 0, room.get(i).length, 7 + i, 5000 + i * 960L);
        clock.advance(Duration.ofMillis(20));
        e.processTick();
      }
      assertThat(out).hasSizeGreaterThan(patient.size() - 3);
      for (int i = 1; i < out.size(); i++) {
        assertThat(out.get(i).rtpTimestamp() - out.get(i - 1).rtpTimestamp() & 0xffffffffL).isEqualTo(960);
        assertThat(out.get(i).sequence()).isEqualTo(out.get(i - 1).sequence() + 1);
      }
      assertThat(out).allMatch(EncodedFrame::enhanced).allMatch(f -> f.payload().length > 0);
      assertThat(e.concealedFrames() + e.fecRecoveredFrames()).isGreaterThanOrEqualTo(1);
      assertThat(e.levels().patientDbfs()).isGreaterThan(-60);
      assertThat(e.levels().outputDbfs()).isGreaterThan(-60);

      e.setEnabled(false);
      clock.advance(Duration.ofSeconds(1)); // both mics now stale: nothing to send
      e.processTick();
      int before = out.size();
      e.processTick();
      assertThat(out).hasSize(before);
    }
  }

  @Test
  void worksWithTheRoomMicAbsent() {
    MutableClock clock = new MutableClock();
    List<EncodedFrame> out = new ArrayList<>();
    List<byte[]> patient = OpusTestStreams.encode(TestSignals.speechLike(22, 0.4, 0.01));
    try (CartEnhancer e = new CartEnhancer(EnhancementConfig.defaults().defaultPreset(),
        EnhancementConfig.defaults(), clock, null, out::add)) {
      for (int i = 0; i < patient.size(); i++) {
        e.onPacket("mic:patient", patient.get(i), 0, patient.get(i).length, i, i * 960L);
        clock.advance(Duration.ofMillis(20));
        e.processTick();
      }
      assertThat(out).hasSizeGreaterThanOrEqualTo(patient.size() - 2);
      assertThat(e.levels().roomDbfs()).isEqualTo(-120.0);
    }
  }

  @Test
  void closingStopsItsThreadAndFreesTheNativeAudioProcessing() {
    List<EncodedFrame> out = new CopyOnWriteArrayList<>();
    CartEnhancer e = CartEnhancer.withOwnThread(EnhancementConfig.defaults().defaultPreset(),
        EnhancementConfig.defaults(), Clock.systemUTC(), out::add);
    assertThat(enhancerThreads()).isEqualTo(1);
    e.close();
    assertThat(e.isClosed()).isTrue();
    assertThat(enhancerThreads()).isZero();
    assertThat(e.onPacket("mic:patient", new byte[10], 0, 10, 1, 1)).isFalse();
  }

  @Test
  void creatingAndClosingManyEnhancersLeavesNoThreads() {
    long baseline = Thread.activeCount();
    for (int i = 0; i < 25; i++) {
      CartEnhancer e = CartEnhancer.withOwnThread(EnhancementConfig.defaults().defaultPreset(),
          EnhancementConfig.defaults(), Clock.systemUTC(), f -> {});
      e.setPreset(EnhancementConfig.defaults().preset("aggressive").orElseThrow());
      e.processTick(); // swaps the pipeline: the old APM is freed
      e.close();
      assertThat(e.isClosed()).isTrue();
    }
    assertThat(enhancerThreads()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> Thread.activeCount() <= baseline + 1);
  }

  @Test
  void aSharedSchedulerIsLeftRunning() throws Exception {
    var shared = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      CartEnhancer e = new CartEnhancer(EnhancementConfig.defaults().defaultPreset(),
          EnhancementConfig.defaults(), Clock.systemUTC(), shared, f -> {});
      e.close();
      assertThat(e.isClosed()).isTrue();
      assertThat(shared.isShutdown()).isFalse();
    } finally {
      shared.shutdownNow();
    }
  }
}
