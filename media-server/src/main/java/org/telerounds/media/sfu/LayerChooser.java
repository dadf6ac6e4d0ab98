package org.telerounds.media.sfu;

/**
 * Picks the simulcast layer one leg should get from what the subscriber's allocation leaves it:
 * the highest layer being sent whose measured bitrate fits the budget. Going down is at once
 * (the link is full now); going up waits until the budget has had room for the higher layer plus
 * {@code 25%} for {@value #UP_HOLD_MS} ms, so a noisy estimate does not make the publisher send
 * keyframe after keyframe. A layer the publisher stopped sending (no bitrate) is never chosen;
 * when none fits, the lowest one sent is (suspending video is the allocator's call). Pure logic
 * on the caller's clock.
 */
final class LayerChooser {
  static final long UP_HOLD_MS = 2_000;
  static final double UP_HEADROOM = 1.25;
  private int chosen = -1;
  private int upCandidate = -1;
  private long upSinceMs;

  /** The layer to aim for; {@code bps[i]}: what layer {@code i} (lowest first) sends now, 0 if it is not sent. */
  Choice choose(long budgetBps, long[] bps, long nowMs) {
    int fits = -1;
    int fitsWithHeadroom = -1;
    int lowestSent = -1;
    for (int i = 0; i < bps.length; i++) {
      if (bps[i] <= 0) continue;
      if (lowestSent < 0) lowestSent = i;
      if (bps[i] <= budgetBps) fits = i;
      if (bps[i] * UP_HEADROOM <= budgetBps) fitsWithHeadroom = i;
    }
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
      chosen = down;
      upCandidate = -1;
      return new Choice(chosen, LayerSelector.SwitchReason.BANDWIDTH_DOWN);
    }
    if (fitsWithHeadroom > chosen) {
      if (upCandidate != fitsWithHeadroom) {
        upCandidate = fitsWithHeadroom;
        upSinceMs = nowMs;
      } else if (nowMs - upSinceMs >= UP_HOLD_MS) {
        chosen = upCandidate;
        upCandidate = -1;
        return new Choice(chosen, LayerSelector.SwitchReason.BANDWIDTH_UP);
      }
    } else {
      upCandidate = -1;
    }
    return new Choice(chosen, null);
  }

  /** The layer to aim for, and why it changed now (null: unchanged). */
  record Choice(int layer, LayerSelector.SwitchReason changed) {}
}
