package org.telerounds.media.enhance;

/**
 * Estimates and tracks how much later the speech reaches the room microphone than the patient
 * microphone, with GCC-PHAT. Both signals are kept in a 4096-sample (85 ms at 48 kHz) history.
 * Every {@code updateEveryFrames} frames the cross-spectrum of the Hann-windowed histories is
 * added to an exponentially smoothed average; because the average is of raw (unnormalised)
 * cross-spectra, loud frames (speech) outweigh quiet ones (noise floor). The smoothed spectrum is
 * then phase-transform weighted (divided by its magnitude), transformed back, and the highest
 * peak within {@code ±maxLagSamples} is refined to a fraction of a sample by parabolic
 * interpolation. The estimate is only taken when the peak stands out (its normalised height is at
 * least {@value #MIN_CONFIDENCE}); otherwise the previous one is kept. Positive: room lags.
 */
public final class DelayEstimator {
  static final int WINDOW = 4096;
  static final double MIN_CONFIDENCE = 0.08;
  private final Fft fft = new Fft(WINDOW);
  private final int maxLag;
  private final int updateEvery;
  private final double smoothing;
  private final float[] histP = new float[WINDOW];
  private final float[] histR = new float[WINDOW];
  private final double[] hann = new double[WINDOW];
  private final double[] pr = new double[WINDOW], pi = new double[WINDOW];
  private final double[] rr = new double[WINDOW], ri = new double[WINDOW];
  private final double[] sr = new double[WINDOW], si = new double[WINDOW];
  private int frames;
  private double delaySamples;
  private double confidence;
  private boolean locked;

  /**
   * @param maxLagSamples largest delay searched, either way (e.g. 480 = 10 ms)
   * @param updateEveryFrames run the estimate every this many {@link #push} calls
   * @param smoothing weight of the past cross-spectrum, 0..1 (e.g. 0.8)
   */
  public DelayEstimator(int maxLagSamples, int updateEveryFrames, double smoothing) {
    if (maxLagSamples <= 0 || maxLagSamples >= WINDOW / 4) {
      throw new IllegalArgumentException("maxLagSamples must be in 1.." + (WINDOW / 4 - 1));
    }
    this.maxLag = maxLagSamples;
    this.updateEvery = Math.max(1, updateEveryFrames);
    this.smoothing = smoothing;
    for (int i = 0; i < WINDOW; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (WINDOW - 1));
  }

  /** Adds one frame of each microphone (same length, not aligned) and maybe updates the estimate. */
  public void push(float[] patient, float[] room, int n) {
    shift(histP, patient, n);
    shift(histR, room, n);
    if (++frames % updateEvery == 0 && frames * n >= WINDOW / 2) estimate();
  }

  private static void shift(float[] hist, float[] x, int n) {
    System.arraycopy(hist, n, hist, 0, WINDOW - n);
    System.arraycopy(x, 0, hist, WINDOW - n, n);
  }

  private void estimate() {
    for (int i = 0; i < WINDOW; i++) {
      pr[i] = histP[i] * hann[i]; pi[i] = 0;
      rr[i] = histR[i] * hann[i]; ri[i] = 0;
    }
    fft.transform(pr, pi, false);
    fft.transform(rr, ri, false);
    double a = frames <= updateEvery ? 0 : smoothing;
    for (int k = 0; k < WINDOW; k++) { // R * conj(P): peaks at the lag by which room trails patient
      double cr = rr[k] * pr[k] + ri[k] * pi[k];
      double ci = ri[k] * pr[k] - rr[k] * pi[k];
      sr[k] = a * sr[k] + (1 - a) * cr;
      si[k] = a * si[k] + (1 - a) * ci;
    }
    for (int k = 0; k < WINDOW; k++) {
      double m = Math.hypot(sr[k], si[k]);
      pr[k] = m > 1e-20 ? sr[k] / m : 0;
      pi[k] = m > 1e-20 ? si[k] / m : 0;
    }
    fft.transform(pr, pi, true);
    int best = 0;
    double bestV = -Double.MAX_VALUE;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      double v = pr[Math.floorMod(lag, WINDOW)];
      if (v > bestV) { bestV = v; best = lag; }
    }
    double peak = bestV / WINDOW;
    if (peak < MIN_CONFIDENCE) { confidence = peak; return; }
    double l = pr[Math.floorMod(best - 1, WINDOW)], r = pr[Math.floorMod(best + 1, WINDOW)];
    double den = l - 2 * bestV + r;
    double frac = Math.abs(den) > 1e-12 ? 0.5 * (l - r) / den : 0;
    delaySamples = best + Math.max(-0.5, Math.min(0.5, frac));
    confidence = peak;
    locked = true;
  }

  /** Current estimate in samples (fractional); positive means the room mic lags. */
  public double delaySamples() { return delaySamples; }

  /** Height of the last GCC-PHAT peak, 0..1. */
  public double confidence() { return confidence; }

  /** True once an estimate with enough confidence was made. */
  public boolean locked() { return locked; }
}
