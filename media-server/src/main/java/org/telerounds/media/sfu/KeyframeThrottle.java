package org.telerounds.media.sfu;

import java.time.Clock;

/**
 * Lets at most one keyframe request through per interval, so joins and losses don't flood a
 * publisher. A request that must not be swallowed (a leg that just became active) is let through
 * with {@link #force()} or {@link #allow allow(true)}, which restarts the interval.
 */
final class KeyframeThrottle {
  private final Clock clock;
  private final long intervalMillis;
  private long last = Long.MIN_VALUE / 2;

  KeyframeThrottle(Clock clock, long intervalMillis) {
    this.clock = clock;
    this.intervalMillis = intervalMillis;
  }

  boolean tryAcquire() {
    long now = clock.millis();
    if (now - last < intervalMillis) return false;
    last = now;
    return true;
  }

  /** Always lets this request through, and starts a new interval from now. */
  void force() {
    last = clock.millis();
  }

  /** {@link #force()} when {@code exempt}, else {@link #tryAcquire()}; true if the request may go out. */
  boolean allow(boolean exempt) {
    if (!exempt) return tryAcquire();
    force();
    return true;
  }
}
