package org.telerounds.media.cc;

/**
 * GCC's overuse detector with its adaptive threshold (draft-ietf-rmcat-gcc-02 section 5.4, with
 * libwebrtc's constants): the threshold starts at 12.5 ms, moves towards |trend| with gain 0.0087
 * when the trend is above it and 0.039 when below, and stays within 6..600 ms; a trend more than
 * 15 ms past the threshold does not move it (a sudden spike is not the new normal). Overuse is
 * declared only when the trend stayed above the threshold for more than 10 ms over at least two
 * updates and is not falling; a trend below minus the threshold is underuse.
 */
final class OveruseDetector {
  private static final double K_UP = 0.0087;
  private static final double K_DOWN = 0.039;
  private static final double OVERUSE_TIME_MS = 10;
  private static final double MAX_ADAPT_OFFSET_MS = 15;
  private static final double MAX_TIME_DELTA_MS = 100;

  private double threshold = 12.5;
  private double lastUpdateMs = Double.NaN;
  private double timeOverUsing = -1;
  private int overuseCounter;
  private double prevTrend;
  private BandwidthUsage state = BandwidthUsage.NORMAL;

  /** Updates with the modified trend at {@code nowMs}, {@code groupDeltaMs} after the previous group. */
  BandwidthUsage detect(double modifiedTrend, double groupDeltaMs, double nowMs) {
    if (modifiedTrend > threshold) {
      timeOverUsing = timeOverUsing < 0 ? groupDeltaMs / 2 : timeOverUsing + groupDeltaMs;
      overuseCounter++;
      if (timeOverUsing > OVERUSE_TIME_MS && overuseCounter > 1 && modifiedTrend >= prevTrend) {
        timeOverUsing = 0;
        overuseCounter = 0;
        state = BandwidthUsage.OVERUSING;
      }
    } else if (modifiedTrend < -threshold) {
      timeOverUsing = -1;
      overuseCounter = 0;
      state = BandwidthUsage.UNDERUSING;
    } else {
      timeOverUsing = -1;
      overuseCounter = 0;
      state = BandwidthUsage.NORMAL;
    }
    prevTrend = modifiedTrend;
    adapt(modifiedTrend, nowMs);
    return state;
  }

  private void adapt(double modifiedTrend, double nowMs) {
    if (Double.isNaN(lastUpdateMs)) lastUpdateMs = nowMs;
    double abs = Math.abs(modifiedTrend);
    if (abs > threshold + MAX_ADAPT_OFFSET_MS) {
      lastUpdateMs = nowMs;
      return;
    }
    double k = abs < threshold ? K_DOWN : K_UP;
    double dt = Math.min(nowMs - lastUpdateMs, MAX_TIME_DELTA_MS);
    threshold += k * (abs - threshold) * dt;
    threshold = Math.max(6, Math.min(600, threshold));
    lastUpdateMs = nowMs;
  }

  BandwidthUsage state() { return state; }

  double threshold() { return threshold; }
}
