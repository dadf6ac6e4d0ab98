package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.MutableClock;
import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.rtp.Fixtures;

/**
 * Keyframe gating of one leg with a fake clock: real VP8 payloads (fixtures/video) in RTP
 * headers, and the track's real throttle deciding which requests reach the publisher.
 */
class KeyframeGateTest {
  private final MutableClock clock = new MutableClock();
  private final KeyframeThrottle throttle = new KeyframeThrottle(clock, 300);
  /** Times (ms since start) at which a PLI went to the publisher. */
  private final List<Long> plis = new ArrayList<>();
  private final long t0 = clock.millis();
  private final KeyframeGate.Requests track = exempt -> {
    if (throttle.allow(exempt)) plis.add(clock.millis() - t0);
  };
  private final byte[] key = rtp(Fixtures.load("video/aiortc_vp8_key_start"));
  private final byte[] keyMiddle = rtp(Fixtures.load("video/aiortc_vp8_key_middle"));
  private final byte[] delta = rtp(Fixtures.load("video/aiortc_vp8_delta_start"));

  private static byte[] rtp(byte[] payload) {
    byte[] p = new byte[12 + payload.length];
    p[0] = (byte) 0x80;
    p[1] = 96;
    System.arraycopy(payload, 0, p, 12, payload.length);
    return p;
  }

  private KeyframeGate vp8Gate() {
    return new KeyframeGate(KeyframeDetector.forCodec("VP8").orElseThrow(), track);
  }

  private int nextSeq = 1000;

  /** Offers {@code p} with the next sequence number. */
  private boolean admit(KeyframeGate g, byte[] p) {
    return admit(g, p, nextSeq++);
  }

  private static boolean admit(KeyframeGate g, byte[] p, int seq) {
    byte[] q = p.clone();
    org.telerounds.media.rtp.RtpHeader.setSequenceNumber(q, 0, seq);
    return g.admit(q, 0, q.length);
  }

  @Test
  void newVideoLegForwardsNothingBeforeAKeyframeThenEverything() {
    KeyframeGate g = vp8Gate();
    assertThat(g.isWaiting()).isTrue();
    assertThat(admit(g, delta)).isFalse();
    assertThat(admit(g, keyMiddle)).as("the middle of a keyframe is no place to start").isFalse();
    assertThat(admit(g, key)).isTrue();
    assertThat(g.isWaiting()).isFalse();
    assertThat(admit(g, keyMiddle)).isTrue();
    assertThat(admit(g, delta)).isTrue();
  }

  @Test
  void requestWhenTheLegBecomesActiveIsExemptFromTheThrottle() {
    KeyframeGate g = vp8Gate();
    track.requestKeyframe(false); // the request at answer time, before the leg was up: it takes the interval
    clock.advance(Duration.ofMillis(50)); // the leg connects 40-70 ms later
    g.onActive();
    assertThat(plis).containsExactly(0L, 50L);
    g.onActive(); // a second call (e.g. transport event after the answer) asks nothing more
    assertThat(plis).hasSize(2);
  }

  @Test
  void waitingLegAsksAgainAtTheThrottleIntervalUntilTheKeyframeComes() {
    KeyframeGate g = vp8Gate();
    g.onActive(); // at 0, exempt
    for (int t = 0; t < 1000; t += 33) { // 30 fps of deltas: the first PLI was lost
      clock.advance(Duration.ofMillis(33));
      assertThat(admit(g, delta)).isFalse();
    }
    assertThat(plis).containsExactly(0L, 330L, 660L, 990L);
    assertThat(admit(g, key)).isTrue();
    clock.advance(Duration.ofMillis(1000));
    admit(g, delta);
    assertThat(plis).as("an open gate asks nothing").hasSize(4);
  }

  @Test
  void resumeWaitsForTheNextKeyframe() {
    KeyframeGate g = vp8Gate();
    assertThat(admit(g, key)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    g.awaitKeyframe(); // resume after pause, or a layer switch
    assertThat(plis).containsExactly(5000L);
    assertThat(admit(g, delta)).isFalse();
    assertThat(admit(g, key)).isTrue();
    assertThat(admit(g, delta)).isTrue();
  }

  @Test
  void packetsFromBeforeTheKeyframeNeverFollowIt() {
    KeyframeGate g = vp8Gate();
    assertThat(admit(g, delta, 65534)).isFalse();
    assertThat(admit(g, key, 65535)).isTrue();
    assertThat(admit(g, keyMiddle, 1)).as("seq 0 was lost").isTrue();
    assertThat(admit(g, keyMiddle, 0)).as("late, but after the keyframe").isTrue();
    assertThat(admit(g, delta, 65534)).as("reordered, or recovered by RTX, from before the keyframe").isFalse();
    assertThat(admit(g, delta, 65533)).isFalse();
    for (int seq = 2; seq < 3 * 65536; seq++) {
      if (!admit(g, delta, seq & 0xFFFF)) throw new AssertionError("refused seq " + seq + " after wrapping");
    }
  }

  @Test
  void aPublisherThatRestartsItsSequenceIsNotHeldBack() {
    KeyframeGate g = vp8Gate();
    assertThat(admit(g, key, 40000)).isTrue();
    assertThat(admit(g, delta, 40001)).isTrue();
    assertThat(admit(g, delta, 20000)).as("20,001 back: a new sequence, not a late packet").isTrue();
    for (int seq = 20001; seq < 20000 + 2 * KeyframeGate.LATE_WINDOW + 40000; seq++) {
      if (!admit(g, delta, seq & 0xFFFF)) throw new AssertionError("refused seq " + seq);
    }
  }

  @Test
  void audioIsNeverGated() {
    KeyframeGate g = new KeyframeGate(null, track);
    g.onActive();
    g.awaitKeyframe();
    assertThat(g.isWaiting()).isFalse();
    assertThat(admit(g, delta)).isTrue();
    assertThat(plis).isEmpty();
  }

  @Test
  void malformedPacketsAreHeldBackWithoutThrowing() {
    KeyframeGate g = vp8Gate();
    assertThat(g.admit(new byte[] {(byte) 0x80, 96}, 0, 2)).isFalse();
    byte[] padded = key.clone();
    padded[0] |= 0x20;
    padded[padded.length - 1] = (byte) 0xFF; // padding longer than the payload
    assertThat(admit(g, padded)).isFalse();
    assertThat(g.isWaiting()).isTrue();
  }
}
