package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares what one subscriber's allocation leaves for its simulcast video legs among them,
 * highest priority first: each leg's {@link LayerChooser} picks the highest layer the rest of the
 * budget carries (down at once, up after a held margin), and what that layer sends is taken from
 * the budget before the next leg. The allocation has already counted each such leg at its lowest
 * layer, so a leg it kept always gets at least that. Pure logic on the caller's clock; one per
 * subscriber, on the media loop.
 */
final class SimulcastShare {
  /**
   * One simulcast leg: its priority (lower first), what each layer sends now (lowest first, 0: not
   * sent) and the highest layer its subscriber's view needs ({@link Integer#MAX_VALUE}: any).
   */
  record Leg(Object key, int priority, long[] layerBps, int maxLayer) {
    Leg(Object key, int priority, long[] layerBps) {
      this(key, priority, layerBps, Integer.MAX_VALUE);
    }
  }

  /** Aim {@code key} at {@code layer} now, for {@code why}. */
  record Target(Object key, int layer, LayerSelector.SwitchReason why) {}

  private final Map<Object, LayerChooser> choosers = new IdentityHashMap<>();

  /** The layer changes for {@code legs}, given {@code budgetBps} for all of them together. */
  List<Target> share(long budgetBps, List<Leg> legs, long nowMs) {
    choosers.keySet().retainAll(legs.stream().map(Leg::key).toList());
    List<Leg> ordered = new ArrayList<>(legs);
    ordered.sort(Comparator.comparingInt(Leg::priority));
    List<Target> changes = new ArrayList<>(0);
    long left = budgetBps;
    for (Leg l : ordered) {
      LayerChooser.Choice c = choosers.computeIfAbsent(l.key(), k -> new LayerChooser()).choose(left, l.layerBps(), l.maxLayer(), nowMs);
      if (c.changed() != null) changes.add(new Target(l.key(), c.layer(), c.changed()));
      if (c.layer() >= 0 && c.layer() < l.layerBps().length) left -= l.layerBps()[c.layer()];
    }
    return changes;
  }

  /** What the allocation should count a simulcast leg at: its lowest layer being sent (0 when none is). */
  static long lowestSent(long[] layerBps) {
    for (long b : layerBps) {
      if (b > 0) return b;
    }
    return 0;
  }
}
