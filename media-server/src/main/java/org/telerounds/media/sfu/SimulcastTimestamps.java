package org.telerounds.media.sfu;

/**
 * How far a leg's RTP timestamps move on a simulcast switch: the layers' timestamps start at
 * unrelated random values, so the new layer's first frame is placed by the wall-clock time since
 * the last forwarded packet, in RTP ticks, at least one (a new frame) and at most ten seconds
 * (a stale or bogus arrival time cannot throw the subscriber's jitter buffer far off).
 */
final class SimulcastTimestamps {
  static final long MAX_SECONDS = 10;

  private SimulcastTimestamps() {}

  static long ticksBetween(long fromNanos, long toNanos, int clockRate) {
    long elapsed = toNanos - fromNanos;
    if (elapsed <= 0) return 1;
    long ticks = Math.min(elapsed, MAX_SECONDS * 1_000_000_000L) * clockRate / 1_000_000_000L;
    return Math.max(1, ticks);
  }
}
