package org.telerounds.media.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;

/**
 * The counts of every {@link Node}, summed by kind for {@code /metrics}:
 * {@code telerounds_media_node_packets_total{node,direction="in|out"}} and
 * {@code telerounds_media_node_drops_total{node,reason}} (a reason's series appears with its first
 * drop). The labels are node kinds and drop reasons, a few fixed names. Live nodes are read when
 * metrics are scraped; a closed node's counts move to its kind's retired totals under the kind's
 * lock, so the sums never go down. Each drop also counts in the media path's overall
 * {@code telerounds_media_drops_total{reason}}.
 */
public final class NodeStats {
  private final MeterRegistry registry;
  private final MediaMetrics metrics;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  public NodeStats(MeterRegistry registry, MediaMetrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  /** Counts that go nowhere (unit tests of a single node). */
  public static NodeStats detached() {
    SimpleMeterRegistry r = new SimpleMeterRegistry();
    return new NodeStats(r, new MediaMetrics(r));
  }

  private final class Kind {
    final String name;
    final Set<Node> live = ConcurrentHashMap.newKeySet();
    final boolean[] registered = new boolean[DropReason.values().length];
    long retiredIn;
    long retiredOut;
    final long[] retiredDrops = new long[DropReason.values().length];

    Kind(String name) {
      this.name = name;
      FunctionCounter.builder("telerounds.media.node.packets", this, k -> k.sum(Node::in, k.retiredIn))
          .description("Packets into each kind of media-path node").tag("node", name).tag("direction", "in")
          .register(registry);
      FunctionCounter.builder("telerounds.media.node.packets", this, k -> k.sum(Node::out, k.retiredOut))
          .description("Packets out of each kind of media-path node").tag("node", name).tag("direction", "out")
          .register(registry);
    }

    synchronized double sum(java.util.function.ToLongFunction<Node> f, long retired) {
      long s = retired;
      for (Node n : live) s += f.applyAsLong(n);
      return s;
    }

    synchronized void registerDrop(DropReason r) {
      if (registered[r.ordinal()]) return;
      registered[r.ordinal()] = true;
      FunctionCounter.builder("telerounds.media.node.drops", this, k -> k.sum(n -> n.drops(r), k.retiredDrops[r.ordinal()]))
          .description("Packets dropped by each kind of media-path node, by reason").tag("node", name)
          .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }

    synchronized void retire(Node n) {
      if (!live.remove(n)) return;
      retiredIn += n.in();
      retiredOut += n.out();
      for (DropReason r : DropReason.values()) retiredDrops[r.ordinal()] += n.drops(r);
    }
  }

  void register(Node n) {
    kinds.computeIfAbsent(n.kind(), Kind::new).live.add(n);
  }

  void firstDrop(Node n, DropReason r) {
    kinds.get(n.kind()).registerDrop(r);
  }

  void dropped(DropReason r) {
    metrics.drop(r);
  }

  void retire(Node n) {
    Kind k = kinds.get(n.kind());
    if (k != null) k.retire(n);
  }

  /** Nodes of {@code kind} now alive (tests, and leak checks). */
  public int live(String kind) {
    Kind k = kinds.get(kind);
    return k == null ? 0 : k.live.size();
  }
}
