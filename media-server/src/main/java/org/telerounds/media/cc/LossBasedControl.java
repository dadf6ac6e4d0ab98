package org.telerounds.media.cc;

/**
 * GCC's loss-based controller (draft-ietf-rmcat-gcc-02 section 6): over each batch of at least
 * {@value #MIN_PACKETS} reported packets, a loss ratio above 10% cuts the rate by half the ratio
 * (at most once per {@value #DECREASE_INTERVAL_MS} ms), below 2% lets it grow 8% a second, and in
 * between holds it. The caller keeps it at or below the delay-based rate.
 */
final class LossBasedControl {
  static final int MIN_PACKETS = 20;
  static final long DECREASE_INTERVAL_MS = 300;

  private final long minBps;
  private final long maxBps;
  private double rate;
  private int lost;
  private int total;
  private double lastUpdateMs = Double.NaN;
  private double lastDecreaseMs = Double.NEGATIVE_INFINITY;
  private double lastLossRatio;

  LossBasedControl(long startBps, long minBps, long maxBps) {
    this.minBps = minBps;
    this.maxBps = maxBps;
    this.rate = startBps;
  }

  /** Counts a feedback's packets: {@code lostCount} of {@code count} never arrived. */
  void onPackets(int lostCount, int count, double nowMs) {
    lost += lostCount;
    total += count;
    if (Double.isNaN(lastUpdateMs)) lastUpdateMs = nowMs;
    if (total < MIN_PACKETS) return;
    double ratio = (double) lost / total;
    lastLossRatio = ratio;
    double dtMs = Math.min(nowMs - lastUpdateMs, 1000);
    if (ratio > 0.10) {
      if (nowMs - lastDecreaseMs >= DECREASE_INTERVAL_MS) {
        rate = rate * (1 - 0.5 * ratio);
        lastDecreaseMs = nowMs;
      }
    } else if (ratio < 0.02) {
      rate = rate * Math.pow(1.08, dtMs / 1000.0);
    }
    rate = Math.max(minBps, Math.min(maxBps, rate));
    lost = 0;
    total = 0;
    lastUpdateMs = nowMs;
  }

  /** Keeps the loss-based rate at or below {@code bps} (the delay-based one). */
  void capTo(long bps) {
    rate = Math.max(minBps, Math.min(rate, bps));
  }

  /** A probe found room for {@code bps}: the loss-based rate rises to it (never falls by it). */
  void raiseTo(long bps) {
    rate = Math.max(rate, Math.min(maxBps, bps));
  }

  long rate() { return (long) rate; }

  double lastLossRatio() { return lastLossRatio; }
}
