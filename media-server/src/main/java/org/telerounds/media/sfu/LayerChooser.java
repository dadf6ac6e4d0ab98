package org.telerounds.media.sfu;

/**
 * Picks the simulcast layer one leg should get from what the subscriber's allocation leaves it:
 * the highest layer being sent whose measured bitrate fits the budget, and no higher than the
 * view cap (the smallest layer that fills the size the subscriber shows the video at; a picture-in-
 * picture needs no 720p). Going down is at once (the link is full now, or the view shrank); going
 * up waits until the budget has had room for the higher layer plus {@code 25%} for
 * {@value #UP_HOLD_MS} ms, so a noisy estimate does not make the publisher send keyframe after
 * keyframe. A layer the publisher stopped sending (no bitrate) is never chosen; when none fits,
 * the lowest one sent is (suspending video is the allocator's call). A switch the cap alone
 * caused, or that only a higher cap allowed, is a {@code view-size} switch. Pure logic on the
 * caller's clock.
 */
final class LayerChooser {
  static final long UP_HOLD_MS = 2_000;
  static final double UP_HEADROOM = 1.25;
  private int chosen = -1;
  private int upCandidate = -1;
  private long upSinceMs;
  private boolean upByView;
  private int lastCap = Integer.MAX_VALUE;

  /** As {@link #choose(long, long[], int, long)} with no view cap. */
  Choice choose(long budgetBps, long[] bps, long nowMs) {
    return choose(budgetBps, bps, Integer.MAX_VALUE, nowMs);
  }

  /**
   * The layer to aim for; {@code bps[i]}: what layer {@code i} (lowest first) sends now, 0 if it is
   * not sent; {@code maxLayer}: the highest layer the subscriber's view needs.
   */
  Choice choose(long budgetBps, long[] bps, int maxLayer, long nowMs) {
    int fits = -1;
    int fitsWithHeadroom = -1;
    int fitsUncapped = -1;
    int headroomUncapped = -1;
    int lowestSent = -1;
    for (int i = 0; i < bps.length; i++) {
      if (bps[i] <= 0) continue;
      if (lowestSent < 0) lowestSent = i;
      if (bps[i] <= budgetBps) fitsUncapped = i;
      if (bps[i] * UP_HEADROOM <= budgetBps) headroomUncapped = i;
      if (i > maxLayer) continue;
      fits = fitsUncapped;
      fitsWithHeadroom = headroomUncapped;
    }
    int capBefore = lastCap;
    lastCap = maxLayer;
    if (lowestSent < 0) return new Choice(chosen, null); // nothing sent: keep what we had
    if (chosen < 0 || bps[Math.min(chosen, bps.length - 1)] <= 0) {
      int first = fits >= 0 ? fits : lowestSent;
      LayerSelector.SwitchReason why = chosen < 0 ? LayerSelector.SwitchReason.START
          : LayerSelector.SwitchReason.LAYER_STOPPED;
      chosen = first;
      upCandidate = -1;
      return new Choice(chosen, why);
    }
    int down = fits >= 0 ? fits : lowestSent;
    if (down < chosen) {
      boolean byView = fitsUncapped >= chosen; // the budget still carried it: the view shrank
      chosen = down;
      upCandidate = -1;
      return new Choice(chosen, byView ? LayerSelector.SwitchReason.VIEW_SIZE : LayerSelector.SwitchReason.BANDWIDTH_DOWN);
    }
    if (fitsWithHeadroom > chosen) {
      if (upCandidate != fitsWithHeadroom) {
        upCandidate = fitsWithHeadroom;
        upSinceMs = nowMs;
        upByView = chosen >= capBefore; // held at the cap until now: the view grew
      } else if (nowMs - upSinceMs >= UP_HOLD_MS) {
        chosen = upCandidate;
        upCandidate = -1;
        return new Choice(chosen, upByView ? LayerSelector.SwitchReason.VIEW_SIZE : LayerSelector.SwitchReason.BANDWIDTH_UP);
      }
    } else {
      upCandidate = -1;
    }
    return new Choice(chosen, null);
  }

  /** The layer to aim for, and why it changed now (null: unchanged). */
  record Choice(int layer, LayerSelector.SwitchReason changed) {}
}
