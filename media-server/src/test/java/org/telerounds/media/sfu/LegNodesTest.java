package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtp.Fixtures;
import org.telerounds.media.rtp.RtpHeader;

/**
 * Each node of a subscriber's leg on its own and in the order a video leg chains them (active,
 * bandwidth, keyframe gate, rewrite and send), against a fake leg; real VP8 payloads for the gate.
 */
class LegNodesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MediaMetrics metrics = new MediaMetrics(registry);
  private final NodeStats stats = new NodeStats(registry, metrics);
  private final FakeLeg leg = new FakeLeg();
  private final List<Boolean> keyframeRequests = new ArrayList<>();

  static final class FakeLeg implements LegPort {
    boolean active;
    boolean suspended;
    int activeCalls;
    final List<Integer> sent = new ArrayList<>();

    @Override public boolean isActive() { return active; }
    @Override public void activeNow() { activeCalls++; }
    @Override public boolean isSuspended() { return suspended; }
    @Override public void rewriteAndSend(byte[] b, int off, int len, long arrivalNanos) { sent.add(RtpHeader.sequenceNumber(b, off, len)); }
  }

  private static byte[] rtp(String payloadFixture, int seq) {
    byte[] payload = Fixtures.load(payloadFixture);
    byte[] p = new byte[12 + payload.length];
    p[0] = (byte) 0x80;
    p[1] = 96;
    RtpHeader.setSequenceNumber(p, 0, seq);
    System.arraycopy(payload, 0, p, 12, payload.length);
    return p;
  }

  private final PacketInfo envelope = new PacketInfo();

  private void offer(LegNodes.Active head, String fixture, int seq) {
    byte[] p = rtp(fixture, seq);
    head.accept(envelope.set(p, 0, p.length, 0));
  }

  @Test
  void aVideoLegForwardsOnlyWhileActiveAndNotSuspendedAndFromAKeyframeOn() {
    LegNodes.Active active = new LegNodes.Active(stats, leg);
    LegNodes.Budget budget = new LegNodes.Budget(stats, leg);
    KeyframeGate gate = new KeyframeGate(KeyframeDetector.forCodec("VP8").orElseThrow(), keyframeRequests::add);
    LegNodes.Gate g = new LegNodes.Gate(stats, gate);
    LegNodes.Send send = new LegNodes.Send(stats, leg);
    active.then(budget).then(g).then(send);

    offer(active, "video/aiortc_vp8_key_start", 1); // before the answer / transport
    leg.active = true;
    offer(active, "video/aiortc_vp8_delta_start", 2); // active, but no keyframe yet
    offer(active, "video/aiortc_vp8_key_start", 3);
    offer(active, "video/aiortc_vp8_delta_start", 4);
    leg.suspended = true;
    offer(active, "video/aiortc_vp8_delta_start", 5);
    offer(active, "video/aiortc_vp8_key_start", 6);

    assertThat(leg.sent).containsExactly(3, 4);
    assertThat(active.drops(DropReason.NOT_NEGOTIATED)).isEqualTo(1);
    assertThat(g.drops(DropReason.AWAITING_KEYFRAME)).isEqualTo(1);
    assertThat(budget.drops(DropReason.BANDWIDTH)).isEqualTo(2);
    assertThat(leg.activeCalls).as("every packet of an active leg tells it so").isEqualTo(5);
    assertThat(active.in()).isEqualTo(6);
    assertThat(send.in()).isEqualTo(2);
    assertThat(metrics.drops(DropReason.BANDWIDTH)).isEqualTo(2);
  }

  @Test
  void anAudioLegHasNoGateAndIsNeverSuspendedByItsNodes() {
    LegNodes.Active active = new LegNodes.Active(stats, leg);
    LegNodes.Send send = new LegNodes.Send(stats, leg);
    active.then(send);
    leg.active = true;
    leg.suspended = true; // only video legs chain a Budget node
    offer(active, "video/aiortc_vp8_delta_start", 7);
    assertThat(leg.sent).containsExactly(7);
  }
}
