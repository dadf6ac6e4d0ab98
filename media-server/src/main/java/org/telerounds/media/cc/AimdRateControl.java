package org.telerounds.media.cc;

/**
 * GCC's delay-based rate controller (draft-ietf-rmcat-gcc-02 section 5.5): overuse cuts the rate
 * to 0.85 of what the receiver acknowledged, at most once per {@value #DECREASE_INTERVAL_MS} ms;
 * underuse holds it (queues are draining); normal lets it grow, by 8% a second while far from the
 * link capacity last seen at an overuse, and additively (about one packet per response time)
 * once near it. It never grows past 1.5 times the acknowledged rate plus 10 kbit/s: a sender that
 * uses little of its estimate learns nothing about the rest; a probe result ({@link #setEstimate})
 * is what lifts it past that, or fast past the last capacity.
 */
final class AimdRateControl {
  static final double BETA = 0.85;
  static final long DECREASE_INTERVAL_MS = 200;
  private static final double INCREASE_PER_SECOND = 1.08;
  private static final double RESPONSE_TIME_MS = 300;
  private static final double PACKET_BITS = 1200 * 8;

  private enum State { HOLD, INCREASE, DECREASE }

  private final long minBps;
  private final long maxBps;
  private double rate;
  private State state = State.INCREASE;
  private double lastChangeMs = Double.NaN;
  private double lastDecreaseMs = Double.NEGATIVE_INFINITY;
  private double capacityKbps = Double.NaN; // smoothed acked rate at overuse
  private double capacityVar = 0.4;

  AimdRateControl(long startBps, long minBps, long maxBps) {
    this.minBps = minBps;
    this.maxBps = maxBps;
    this.rate = clamp(startBps);
  }

  /** Moves the rate for {@code usage} at {@code nowMs}; {@code ackedBps} may be 0 when unknown. */
  long update(BandwidthUsage usage, long ackedBps, double nowMs) {
    if (Double.isNaN(lastChangeMs)) lastChangeMs = nowMs;
    switch (usage) {
      case OVERUSING -> state = State.DECREASE;
      case UNDERUSING -> state = State.HOLD;
      case NORMAL -> {
        if (state == State.HOLD) state = State.INCREASE;
      }
    }
    double dtMs = Math.min(nowMs - lastChangeMs, 1000);
    switch (state) {
      case INCREASE -> {
        double next;
        forgetCapacityBelowRate();
        if (!Double.isNaN(capacityKbps) && rate / 1000 > capacityKbps - capacitySpreadKbps()) {
          next = rate + PACKET_BITS * dtMs / RESPONSE_TIME_MS; // near the known capacity: additive
        } else {
          next = rate * Math.pow(INCREASE_PER_SECOND, dtMs / 1000.0);
        }
        if (ackedBps > 0) next = Math.min(next, 1.5 * ackedBps + 10_000);
        if (next > rate) rate = next; // the cap never lowers the rate: only overuse and loss do
      }
      case DECREASE -> {
        if (nowMs - lastDecreaseMs >= DECREASE_INTERVAL_MS && ackedBps > 0) {
          double next = Math.min(BETA * ackedBps, rate);
          noteCapacity(ackedBps / 1000.0);
          rate = next;
          lastDecreaseMs = nowMs;
        }
        state = State.HOLD;
      }
      case HOLD -> { }
    }
    rate = clamp((long) rate);
    lastChangeMs = nowMs;
    return (long) rate;
  }

  /**
   * A probe measured {@code bps} at {@code nowMs}: the rate jumps there (within min..max), and a
   * capacity last seen well below it is forgotten, so growth from there is multiplicative again.
   */
  long setEstimate(long bps, double nowMs) {
    rate = clamp(bps);
    forgetCapacityBelowRate();
    lastChangeMs = nowMs;
    return (long) rate;
  }

  /** The rate is well past the capacity seen at the last overuse: the link changed, forget it. */
  private void forgetCapacityBelowRate() {
    if (!Double.isNaN(capacityKbps) && rate / 1000 >= capacityKbps + capacitySpreadKbps()) capacityKbps = Double.NaN;
  }

  /** Three standard deviations of the capacity, in kbit/s. */
  private double capacitySpreadKbps() {
    return 3 * Math.sqrt(capacityVar * capacityKbps);
  }

  private void noteCapacity(double kbps) {
    if (Double.isNaN(capacityKbps)) {
      capacityKbps = kbps;
      return;
    }
    double alpha = 0.05;
    capacityKbps = (1 - alpha) * capacityKbps + alpha * kbps;
    double norm = Math.max(capacityKbps, 1.0);
    capacityVar = (1 - alpha) * capacityVar + alpha * (capacityKbps - kbps) * (capacityKbps - kbps) / norm;
    capacityVar = Math.max(0.4, Math.min(2.5, capacityVar));
  }

  long rate() { return (long) rate; }

  private double clamp(long bps) {
    return Math.max(minBps, Math.min(maxBps, bps));
  }
}
