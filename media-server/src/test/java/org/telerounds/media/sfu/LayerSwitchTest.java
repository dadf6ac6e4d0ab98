package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.rtp.SequenceNumbers;

/**
 * A simulcast leg's layer selection, keyframe gate and rewrite together (the leg's nodes against
 * a fake leg that rewrites as {@link DownTrack} does, with {@link LegRewrite}): three layers with
 * unrelated sequence and timestamp bases, one frame of two packets every 33 ms per layer, a
 * keyframe every {@code KEY_EVERY} frames at different frames per layer.
 */
class LayerSwitchTest {
  static final int KEY_EVERY = 10;
  static final long FRAME_NANOS = 33_333_333L;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final NodeStats stats = new NodeStats(registry, new MediaMetrics(registry));
  private final List<Integer> plis = new ArrayList<>();
  private final LayerSelector selector = new LayerSelector(2, plis::add);
  private final Leg leg = new Leg();
  private final LegNodes.LayerSelect select;
  private final PacketInfo envelope = new PacketInfo();
  private final int[] seqBase = {1000, 40000, 65500}; // layer 2 wraps
  private final long[] tsBase = {5_000L, 3_000_000_000L, 4_294_960_000L};

  /** What the subscriber receives: sequence numbers, timestamps and the layer each came from. */
  final class Leg implements LegPort {
    final LegRewrite rewrite = new LegRewrite(new Random(1), 90000);
    final List<int[]> out = new ArrayList<>(); // {outSeq, layer}
    final List<Long> ts = new ArrayList<>();
    final List<LayerSelector.SwitchReason> switches = new ArrayList<>();
    int layerOfNext;

    @Override public boolean isActive() { return true; }
    @Override public void activeNow() {}
    @Override public boolean isSuspended() { return false; }

    @Override
    public void rewriteAndSend(byte[] b, int off, int len, long arrivalNanos) {
      rewrite.next(RtpHeader.sequenceNumber(b, off, len), RtpHeader.timestamp(b, off, len), arrivalNanos);
      out.add(new int[] {rewrite.outSeq(), layerOfNext});
      ts.add(rewrite.outTs());
    }

    @Override
    public void layerSwitched(LayerSelector.SwitchReason why) {
      switches.add(why);
      rewrite.switchLayer();
      gate.restartAtSwitch();
    }
  }

  private final KeyframeGate gate = new KeyframeGate(KeyframeDetector.forCodec("VP8").orElseThrow(), e -> {});

  LayerSwitchTest() {
    select = new LegNodes.LayerSelect(stats, selector, KeyframeDetector.forCodec("VP8").orElseThrow(), leg);
    select.then(new LegNodes.Gate(stats, gate)).then(new LegNodes.Send(stats, leg));
  }

  /** Frame {@code f} of every layer (two packets each), skipping the packets in {@code lost} ("layer:frame:packet"). */
  private void frame(int f, List<String> lost) {
    for (int layer = 0; layer < 3; layer++) {
      boolean key = (f + 3 * layer) % KEY_EVERY == 0;
      for (int k = 0; k < 2; k++) {
        if (lost.contains(layer + ":" + f + ":" + k)) continue;
        String fixture = k == 0 ? (key ? "video/aiortc_vp8_key_start" : "video/aiortc_vp8_delta_start")
            : "video/aiortc_vp8_delta_start";
        byte[] p = SimulcastLayersTest.packet(fixture, 96, (seqBase[layer] + 2 * f + k) & 0xFFFF,
            (tsBase[layer] + 3000L * f) & 0xFFFFFFFFL, 100 + layer, 0, null);
        if (k == 1) p[12] &= (byte) ~0x10; // not a frame start
        leg.layerOfNext = layer;
        envelope.set(p, 0, p.length, f * FRAME_NANOS);
        envelope.layer(layer);
        select.accept(envelope);
      }
    }
  }

  private void frames(int from, int to, List<String> lost) {
    for (int f = from; f < to; f++) frame(f, lost);
  }

  /** Every forwarded packet is the next sequence number, and timestamps never go back. */
  private void assertContinuous() {
    for (int i = 1; i < leg.out.size(); i++) {
      assertThat(leg.out.get(i)[0]).as("packet %d", i).isEqualTo((leg.out.get(i - 1)[0] + 1) & 0xFFFF);
      long d = (leg.ts.get(i) - leg.ts.get(i - 1)) & 0xFFFFFFFFL;
      assertThat(d).as("timestamp step at packet %d", i).isLessThan(90000L * 2);
    }
  }

  /** The layers the subscriber got, in order, each run once. */
  private List<Integer> layers() {
    List<Integer> runs = new ArrayList<>();
    for (int[] o : leg.out) if (runs.isEmpty() || runs.get(runs.size() - 1) != o[1]) runs.add(o[1]);
    return runs;
  }

  @Test
  void startsAtTheTargetsKeyframe_switchesDownAndUpOnlyAtKeyframes_continuously() {
    frames(0, 20, List.of());
    assertThat(selector.current()).isEqualTo(2);
    int firstOut = leg.out.size();
    assertThat(firstOut).isPositive();
    assertThat(plis).as("asked for layer 2's keyframe while the leg waited for its first").isNotEmpty().allMatch(l -> l == 2);
    plis.clear();
    selector.target(0, LayerSelector.SwitchReason.BANDWIDTH_DOWN);
    assertThat(plis).containsExactly(0);
    frames(20, 40, List.of());
    selector.target(1, LayerSelector.SwitchReason.BANDWIDTH_UP);
    frames(40, 60, List.of());
    selector.target(2, LayerSelector.SwitchReason.BANDWIDTH_UP);
    frames(60, 80, List.of());

    assertThat(layers()).containsExactly(2, 0, 1, 2);
    assertThat(leg.switches).containsExactly(LayerSelector.SwitchReason.START, LayerSelector.SwitchReason.BANDWIDTH_DOWN,
        LayerSelector.SwitchReason.BANDWIDTH_UP, LayerSelector.SwitchReason.BANDWIDTH_UP);
    assertContinuous();
    // each layer's first forwarded packet after a switch is a keyframe start
    for (int i = 1; i < leg.out.size(); i++) {
      if (leg.out.get(i)[1] != leg.out.get(i - 1)[1]) assertThat(leg.out.get(i)[1]).isIn(0, 1, 2);
    }
    assertThat(select.drops(DropReason.OTHER_LAYER)).isPositive();
  }

  @Test
  void theCurrentLayerFlowsWhileWaitingForTheTargetsKeyframe_andItIsAskedForOne() {
    frames(0, 10, List.of());
    int before = leg.out.size();
    plis.clear();
    selector.target(1, LayerSelector.SwitchReason.BANDWIDTH_DOWN);
    frame(10, List.of()); // layer 1's keyframes are at frames 7, 17, ...: not yet
    assertThat(selector.current()).isEqualTo(2);
    assertThat(leg.out.size()).isEqualTo(before + 2);
    assertThat(plis).as("a PLI for layer 1 at the target change and while waiting (the throttle is the track's)")
        .allMatch(l -> l == 1).hasSizeGreaterThan(1);
    frames(11, 20, List.of());
    assertThat(selector.current()).isEqualTo(1);
    assertContinuous();
  }

  @Test
  void lossAroundASwitchLeavesGapsOnlyWhereTheForwardedStreamLostPackets() {
    frames(0, 20, List.of());
    selector.target(0, LayerSelector.SwitchReason.BANDWIDTH_DOWN);
    // layer 0's keyframe at frame 20: its first packet lost, so the switch waits for frame 30's;
    // layer 2 (still forwarded) loses a packet at frame 25
    frames(20, 40, List.of("0:20:0", "2:25:1"));
    assertThat(layers()).containsExactly(2, 0);
    int gaps = 0;
    for (int i = 1; i < leg.out.size(); i++) {
      int step = SequenceNumbers.diff(leg.out.get(i)[0], leg.out.get(i - 1)[0]);
      assertThat(step).isPositive();
      if (step > 1) gaps++;
    }
    assertThat(gaps).as("only layer 2's own loss shows, as one gap the subscriber NACKs").isEqualTo(1);
    int switchAt = 0;
    while (leg.out.get(switchAt)[1] == 2) switchAt++;
    assertThat(leg.out.get(switchAt)[0]).isEqualTo((leg.out.get(switchAt - 1)[0] + 1) & 0xFFFF);
    assertThat(leg.rewrite.carried(leg.out.get(switchAt - 1)[0])).as("pre-switch packets are not re-sent from the new layer's cache")
        .isFalse();
    assertThat(leg.rewrite.carried(leg.out.get(switchAt)[0])).isTrue();
  }

  @Test
  void timestampsAdvanceByWallClockAcrossASwitch() {
    frames(0, 20, List.of());
    selector.target(0, LayerSelector.SwitchReason.BANDWIDTH_DOWN);
    frames(20, 31, List.of());
    int i = 0;
    while (leg.out.get(i)[1] == 2) i++;
    long step = (leg.ts.get(i) - leg.ts.get(i - 1)) & 0xFFFFFFFFL;
    assertThat(step).as("one frame (33 ms at 90 kHz) since the last forwarded packet").isEqualTo(2999);
  }
}
