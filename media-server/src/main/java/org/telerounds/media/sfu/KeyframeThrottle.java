package org.telerounds.media.sfu;

import java.time.Clock;

/** Lets at most one keyframe request through per interval, so joins and losses don't flood a publisher. */
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
}
