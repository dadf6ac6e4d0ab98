package org.telerounds.media.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;

/** Nodes count what goes in, out and is dropped; the sums by kind reach the registry and never go down. */
class NodeTest {
  /** Drops packets whose first byte is odd. */
  static final class EvenOnly extends Node {
    EvenOnly(NodeStats s) {
      super("even", s);
    }

    @Override
    protected void process(PacketInfo p) {
      if ((p.buf()[p.off()] & 1) == 1) drop(DropReason.MALFORMED);
      else emit(p);
    }
  }

  static final class Sink extends Node {
    final List<Integer> got = new ArrayList<>();

    Sink(NodeStats s) {
      super("sink", s);
    }

    @Override
    protected void process(PacketInfo p) {
      got.add(p.buf()[p.off()] & 0xFF);
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MediaMetrics metrics = new MediaMetrics(registry);
  private final NodeStats stats = new NodeStats(registry, metrics);

  private double packets(String node, String direction) {
    return registry.get("telerounds.media.node.packets").tag("node", node).tag("direction", direction)
        .functionCounter().count();
  }

  @Test
  void aChainCountsInOutAndDropsByReason() {
    EvenOnly even = new EvenOnly(stats);
    Sink sink = even.then(new Sink(stats));
    PacketInfo p = new PacketInfo();
    byte[] buf = new byte[8];
    for (int i = 0; i < 10; i++) {
      buf[3] = (byte) i;
      even.accept(p.set(buf, 3, 2, i));
    }
    assertThat(sink.got).containsExactly(0, 2, 4, 6, 8);
    assertThat(even.in()).isEqualTo(10);
    assertThat(even.out()).isEqualTo(5);
    assertThat(even.drops(DropReason.MALFORMED)).isEqualTo(5);
    assertThat(sink.in()).isEqualTo(5);
    assertThat(packets("even", "in")).isEqualTo(10);
    assertThat(packets("even", "out")).isEqualTo(5);
    assertThat(registry.get("telerounds.media.node.drops").tag("node", "even").tag("reason", "malformed")
        .functionCounter().count()).isEqualTo(5);
    assertThat(metrics.drops(DropReason.MALFORMED)).as("also in the overall drops").isEqualTo(5);
    assertThat(registry.find("telerounds.media.node.drops").tag("reason", "paused").functionCounter())
        .as("a reason that never happened has no series").isNull();
  }

  @Test
  void closedNodesKeepTheirCountsInTheTotals() {
    for (int round = 0; round < 3; round++) {
      try (EvenOnly even = new EvenOnly(stats)) {
        PacketInfo p = new PacketInfo();
        even.accept(p.set(new byte[] {2}, 0, 1, 0));
        even.accept(p.set(new byte[] {3}, 0, 1, 0));
        even.close(); // twice: counted once
      }
    }
    assertThat(stats.live("even")).isZero();
    assertThat(packets("even", "in")).isEqualTo(6);
    assertThat(packets("even", "out")).isEqualTo(3);
  }

  @Test
  void anEnvelopeRefusesAViewOutsideItsBuffer() {
    PacketInfo p = new PacketInfo();
    assertThatThrownBy(() -> p.set(new byte[10], 8, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    p.set(new byte[10], 2, 4, 7);
    assertThat(p.keyframeKnown()).isFalse();
    p.keyframe(true);
    p.layer(2);
    p.set(new byte[10], 0, 1, 8);
    assertThat(p.keyframeKnown()).as("cleared for the next packet").isFalse();
    assertThat(p.layer()).isEqualTo(PacketInfo.NO_LAYER);
    assertThatThrownBy(() -> p.length(11)).isInstanceOf(IllegalArgumentException.class);
  }
}
