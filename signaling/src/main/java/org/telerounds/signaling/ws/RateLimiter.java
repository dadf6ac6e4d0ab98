package org.telerounds.signaling.ws;

import java.time.Clock;

/** A token bucket: {@code perSecond} sustained, {@code burst} at once. Not thread-safe (one per session). */
public final class RateLimiter {
  private final Clock clock;
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long lastMillis;

  public RateLimiter(Clock clock, double perSecond, double burst) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastMillis = clock.millis();
  }

  public boolean tryAcquire() {
    long now = clock.millis();
    tokens = Math.min(burst, tokens + (now - lastMillis) * perSecond / 1000.0);
    lastMillis = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
}
