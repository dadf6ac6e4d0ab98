package org.telerounds.media.cc;

/**
 * The delay trend of GCC's delay-based detector: each inter-group delay variation (how much later
 * a group of packets arrived than it was sent, relative to the group before) is accumulated,
 * smoothed (coefficient 0.9), and the slope of the smoothed delay against arrival time is fitted
 * by least squares over the last {@value #WINDOW} groups. A positive slope means a queue is
 * growing. {@link #modifiedTrend} scales it by the number of deltas seen (at most 60) and a gain
 * of 4, as libwebrtc's trendline estimator does, so that the overuse threshold is in ms.
 */
final class TrendlineEstimator {
  static final int WINDOW = 20;
  private static final double SMOOTHING = 0.9;
  private static final double GAIN = 4.0;
  private static final int MAX_DELTAS = 60;

  private final double[] xs = new double[WINDOW];
  private final double[] ys = new double[WINDOW];
  private int size;
  private int head;
  private double accumulated;
  private double smoothed;
  private double firstArrivalMs = Double.NaN;
  private int deltas;
  private double trend;

  /** One group's delay variation {@code variationMs} at arrival time {@code arrivalMs}. */
  void update(double variationMs, double arrivalMs) {
    if (Double.isNaN(firstArrivalMs)) firstArrivalMs = arrivalMs;
    deltas = Math.min(deltas + 1, 1000);
    accumulated += variationMs;
    smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
    xs[head] = arrivalMs - firstArrivalMs;
    ys[head] = smoothed;
    head = (head + 1) % WINDOW;
    if (size < WINDOW) size++;
    if (size == WINDOW) {
      double slope = slope();
      if (!Double.isNaN(slope)) trend = slope;
    }
  }

  private double slope() {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < size; i++) {
      mx += xs[i];
      my += ys[i];
    }
    mx /= size;
    my /= size;
    double num = 0;
    double den = 0;
    for (int i = 0; i < size; i++) {
      num += (xs[i] - mx) * (ys[i] - my);
      den += (xs[i] - mx) * (xs[i] - mx);
    }
    return den == 0 ? Double.NaN : num / den;
  }

  /** The raw slope (ms of delay per ms). */
  double trend() { return trend; }

  /** The slope as the overuse detector compares it with its threshold. */
  double modifiedTrend() {
    return Math.min(deltas, MAX_DELTAS) * trend * GAIN;
  }
}
