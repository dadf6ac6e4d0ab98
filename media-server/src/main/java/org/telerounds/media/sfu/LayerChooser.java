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
 * caused, or that only a higher cap allowed, is a {@code view-size} switch.
 *
 * <p>An estimate that hovers near a layer's bitrate would move a leg up and down every few
 * seconds, each move a keyframe and a change of picture. So when a move up for bandwidth is
 * undone by the bandwidth within {@value #FAILED_UP_MS} ms, the next move up waits twice as long
 * (up to {@value #MAX_UP_HOLD_MS} ms); after {@value #CALM_MS} ms without such a failure the hold
 * is back to {@value #UP_HOLD_MS} ms. A budget of at least {@value #CLEAR_ROOM} times the higher
 * layer is not hovering (a limit lifted): it needs only the base hold. Pure logic on the caller's
 * clock.
 */
final class LayerChooser {
  static final long UP_HOLD_MS = 2_000;
  static final long MAX_UP_HOLD_MS = 16_000;
  static final long FAILED_UP_MS = 10_000;
  static final long CALM_MS = 30_000;
  static final double UP_HEADROOM = 1.25;
  static final double CLEAR_ROOM = 2.0;
  private int chosen = -1;
  private int upCandidate = -1;
  private long upSinceMs;
  private boolean upByView;
  private int lastCap = Integer.MAX_VALUE;
  private long upHoldMs = UP_HOLD_MS;
  private long lastUpMs = Long.MIN_VALUE / 2; // the last move up for bandwidth
  private long lastFailureMs = Long.MIN_VALUE / 2; // the last time one was undone soon after

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
    if (upHoldMs > UP_HOLD_MS && nowMs - lastFailureMs >= CALM_MS) upHoldMs = UP_HOLD_MS;
    int down = fits >= 0 ? fits : lowestSent;
    if (down < chosen) {
      boolean byView = fitsUncapped >= chosen; // the budget still carried it: the view shrank
      chosen = down;
      upCandidate = -1;
      if (byView) return new Choice(chosen, LayerSelector.SwitchReason.VIEW_SIZE);
      if (nowMs - lastUpMs < FAILED_UP_MS) { // the last move up did not hold: wait longer next time
        upHoldMs = Math.min(MAX_UP_HOLD_MS, upHoldMs * 2);
        lastFailureMs = nowMs;
      }
      return new Choice(chosen, LayerSelector.SwitchReason.BANDWIDTH_DOWN);
    }
    if (fitsWithHeadroom > chosen) {
      if (upCandidate != fitsWithHeadroom) {
        upCandidate = fitsWithHeadroom;
        upSinceMs = nowMs;
        upByView = chosen >= capBefore; // held at the cap until now: the view grew
      } else if (nowMs - upSinceMs >= (upByView || budgetBps >= CLEAR_ROOM * bps[upCandidate] ? UP_HOLD_MS : upHoldMs)) {
        chosen = upCandidate;
        upCandidate = -1;
        if (upByView) return new Choice(chosen, LayerSelector.SwitchReason.VIEW_SIZE);
        lastUpMs = nowMs;
        return new Choice(chosen, LayerSelector.SwitchReason.BANDWIDTH_UP);
      }
    } else {
      upCandidate = -1;
    }
    return new Choice(chosen, null);
  }

  /** How long the budget must carry a higher layer before a move up for bandwidth now. */
  long upHoldMs() { return upHoldMs; }

  /** The layer to aim for, and why it changed now (null: unchanged). */
  record Choice(int layer, LayerSelector.SwitchReason changed) {}
}
