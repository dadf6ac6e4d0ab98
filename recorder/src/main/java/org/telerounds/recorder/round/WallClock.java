package org.telerounds.recorder.round;

import java.time.Clock;

/**
 * Converts the media path's monotonic arrival times ({@code System.nanoTime}) to wall-clock
 * milliseconds of the injected clock, anchored once at creation.
 */
final class WallClock {
  private final long anchorNanos;
  private final long anchorMillis;

  WallClock(Clock clock, long nowNanos) {
    this.anchorNanos = nowNanos;
    this.anchorMillis = clock.millis();
  }

  long millisAt(long nanos) {
    return anchorMillis + Math.floorDiv(nanos - anchorNanos, 1_000_000L);
  }
}
