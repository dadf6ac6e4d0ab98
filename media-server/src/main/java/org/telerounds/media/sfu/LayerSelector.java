package org.telerounds.media.sfu;

/**
 * Which simulcast layer one subscriber's leg forwards. It forwards the current layer only; when
 * told a different target ({@link #target(int, SwitchReason)}) it keeps the current layer flowing
 * and switches at the first packet of the target layer that starts a keyframe, asking the
 * publisher for one (throttled per layer) while it waits. Before its first keyframe the leg has no
 * current layer and forwards nothing. Pure logic: the caller says whether a packet starts a
 * keyframe, and learns of a switch from {@link Verdict#SWITCH}.
 */
final class LayerSelector {
  /** Why the target layer changed: the label of {@code telerounds_media_layer_switches_total}. */
  enum SwitchReason {
    /** The first layer a leg forwards. */
    START("start"),
    /** The subscriber's estimate no longer carries the current layer. */
    BANDWIDTH_DOWN("bandwidth-down"),
    /** The estimate has carried a higher layer for a while. */
    BANDWIDTH_UP("bandwidth-up"),
    /** The publisher stopped sending the current layer. */
    LAYER_STOPPED("layer-stopped"),
    /** The size the subscriber shows the video at changed: a smaller or larger layer serves it. */
    VIEW_SIZE("view-size");

    final String label;

    SwitchReason(String label) {
      this.label = label;
    }
  }

  /** What to do with one packet. */
  enum Verdict { FORWARD, SWITCH, DROP }

  /** Where keyframe requests go: the layer's own throttle decides. */
  interface Requests {
    void requestKeyframe(int layer);
  }

  private final Requests requests;
  private int current = -1;
  private int target;
  private SwitchReason reason = SwitchReason.START;
  private SwitchReason lastSwitchReason;

  LayerSelector(int initialTarget, Requests requests) {
    this.target = initialTarget;
    this.requests = requests;
  }

  int current() { return current; }
  int target() { return target; }

  /** Why the last switch happened (null before the first). */
  SwitchReason lastSwitchReason() { return lastSwitchReason; }

  /** The layer a keyframe request for this leg should go to: the one it waits for, else the current. */
  int requestLayer() {
    return target != current ? target : current;
  }

  /** From now on aim for {@code layer}; the switch happens at its next keyframe. */
  void target(int layer, SwitchReason why) {
    if (layer == target) return;
    target = layer;
    reason = why;
    if (target != current) requests.requestKeyframe(target);
  }

  /** Whether a packet of {@code layer} could switch the leg (only then need the caller look for a keyframe). */
  boolean awaits(int layer) {
    return layer == target && target != current;
  }

  /** The verdict on a packet of {@code layer}; {@code keyframe}: it starts a keyframe (see {@link #awaits}). */
  Verdict admit(int layer, boolean keyframe) {
    if (awaits(layer)) {
      if (keyframe) {
        current = target;
        lastSwitchReason = reason;
        return Verdict.SWITCH;
      }
      requests.requestKeyframe(target);
      return Verdict.DROP;
    }
    return layer == current ? Verdict.FORWARD : Verdict.DROP;
  }
}
