package org.telerounds.media.enhance;

/**
 * Estimates and tracks how much later the speech reaches the room microphone than the patient
 * microphone, with GCC-PHAT restricted to the speech band.
 * <ul>
 *   <li>Both 48 kHz inputs are low-pass filtered (31-tap windowed sinc, 7.6 kHz) and decimated by 3
 *       to 16 kHz ({@link Decimator}), into a 1024-sample (64 ms) history each.</li>
 *   <li>Every {@code updateEveryFrames} frames the two Hann-windowed histories are transformed by
 *       one complex FFT (patient as real part, room as imaginary part) and their raw cross-spectrum
 *       is added to an exponentially smoothed average: loud frames (speech) outweigh quiet ones.</li>
 *   <li>The phase transform (division by the magnitude) is applied only between
 *       {@value #BAND_LOW_HZ} and {@value #BAND_HIGH_HZ} Hz, the telephone speech band; every other
 *       bin is zeroed. Mains and ventilator hum (50–300 Hz) and fan rumble are periodic or
 *       correlated in both mics, and under PHAT their bins would weigh as much as speech bins and
 *       pull the peak to a lag of their own.</li>
 *   <li>The highest peak within {@code ±maxLagSamples} is refined by parabolic interpolation and
 *       taken only if its normalised height (1.0 for a perfect match) reaches
 *       {@value #MIN_CONFIDENCE}. Over the ~200 band bins, two independent noises give peaks of
 *       about 0.15–0.2 somewhere among the ±10 ms of lags, so a lower threshold lets noise-only
 *       stretches produce random delays.</li>
 *   <li>{@link #heldDelaySamples()} is what alignment should use. It is set, and later moved, only
 *       when {@value #CONFIRMATIONS} confident estimates in a row agree within 0.25 ms on a value
 *       more than 0.25 ms from the held one; until the first such agreement it is 0 and
 *       {@link #locked()} is false. Once locked, the estimate runs 4 times less often. A cart's
 *       microphones move rarely; every change of the applied delay is a cross-fade that smears
 *       the waveform, so a held delay costs less than a jittering one.</li>
 * </ul>
 * Delays are in 48 kHz samples; positive: the room mic lags.
 */
public final class DelayEstimator {
  static final int DECIMATION = 3;
  static final int WINDOW = 1024;
  static final int RATE = 48000 / DECIMATION;
  static final int BAND_LOW_HZ = 300, BAND_HIGH_HZ = 3400;
  static final double MIN_CONFIDENCE = 0.3;
  static final int CONFIRMATIONS = 3;
  private static final double AGREE = 0.25e-3 * 48000; // 0.25 ms in 48 kHz samples
  private final Fft fft = new Fft(WINDOW);
  private final Decimator decP = new Decimator(DECIMATION), decR = new Decimator(DECIMATION);
  private final int maxLag; // at 16 kHz
  private final int updateEvery;
  private final double smoothing;
  private final float[] histP = new float[WINDOW], histR = new float[WINDOW];
  private final float[] tmp = new float[WINDOW];
  private final double[] hann = new double[WINDOW];
  private final double[] zr = new double[WINDOW], zi = new double[WINDOW];
  private final double[] sr = new double[WINDOW], si = new double[WINDOW];
  private final int kLow = BAND_LOW_HZ * WINDOW / RATE, kHigh = BAND_HIGH_HZ * WINDOW / RATE;
  private long frames;
  private int estimates;
  private int sinceEstimate;
  private double delaySamples;
  private double held;
  private double candidate;
  private int agreeing;
  private double confidence;
  private boolean locked;

  /**
   * @param maxLagSamples largest delay searched either way, in 48 kHz samples (e.g. 480 = 10 ms)
   * @param updateEveryFrames run the estimate every this many {@link #push} calls until the delay
   *     is held, then 4 times less often
   * @param smoothing weight of the past cross-spectrum, 0..1 (e.g. 0.8)
   */
  public DelayEstimator(int maxLagSamples, int updateEveryFrames, double smoothing) {
    if (maxLagSamples <= 0 || maxLagSamples / DECIMATION >= WINDOW / 4) {
      throw new IllegalArgumentException("maxLagSamples must be in 1.." + (WINDOW / 4 * DECIMATION - 1));
    }
    this.maxLag = (maxLagSamples + DECIMATION - 1) / DECIMATION;
    this.updateEvery = Math.max(1, updateEveryFrames);
    this.smoothing = smoothing;
    for (int i = 0; i < WINDOW; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (WINDOW - 1));
  }

  /** Adds one 48 kHz frame of each microphone (same length, not aligned) and maybe re-estimates. */
  public void push(float[] patient, float[] room, int n) {
    shift(histP, decP, patient, n);
    shift(histR, decR, room, n);
    frames++;
    int every = locked ? 4 * updateEvery : updateEvery;
    if (++sinceEstimate >= every && frames * n / DECIMATION >= WINDOW / 2) {
      sinceEstimate = 0;
      estimate();
    }
  }

  private void shift(float[] hist, Decimator dec, float[] x, int n) {
    int m = dec.process(x, n, tmp);
    System.arraycopy(hist, m, hist, 0, WINDOW - m);
    System.arraycopy(tmp, 0, hist, WINDOW - m, m);
  }

  private void estimate() {
    for (int i = 0; i < WINDOW; i++) {
      zr[i] = histP[i] * hann[i];
      zi[i] = histR[i] * hann[i];
    }
    fft.transform(zr, zi, false);
    double a = estimates++ == 0 ? 0 : smoothing;
    for (int k = kLow; k <= kHigh; k++) {
      int j = (WINDOW - k) & (WINDOW - 1);
      // unpack two real spectra from one complex FFT: P = (Z[k] + conj Z[-k]) / 2,
      // R = (Z[k] - conj Z[-k]) / 2i; the cross-spectrum R * conj(P) peaks at the room's lag
      double pr = 0.5 * (zr[k] + zr[j]), pi = 0.5 * (zi[k] - zi[j]);
      double rr = 0.5 * (zi[k] + zi[j]), ri = -0.5 * (zr[k] - zr[j]);
      double cr = rr * pr + ri * pi;
      double ci = ri * pr - rr * pi;
      sr[k] = a * sr[k] + (1 - a) * cr;
      si[k] = a * si[k] + (1 - a) * ci;
    }
    java.util.Arrays.fill(zr, 0);
    java.util.Arrays.fill(zi, 0);
    for (int k = kLow; k <= kHigh; k++) { // phase transform, band only; the mirror bins keep it real
      double m = Math.hypot(sr[k], si[k]);
      if (m <= 1e-30) continue;
      zr[k] = sr[k] / m; zi[k] = si[k] / m;
      zr[WINDOW - k] = zr[k]; zi[WINDOW - k] = -zi[k];
    }
    fft.transform(zr, zi, true);
    int best = 0;
    double bestV = -Double.MAX_VALUE;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      double v = zr[Math.floorMod(lag, WINDOW)];
      if (v > bestV) { bestV = v; best = lag; }
    }
    double peak = bestV / (2.0 * (kHigh - kLow + 1)); // 1.0 for a perfect single-lag match
    confidence = peak;
    if (peak < MIN_CONFIDENCE) return;
    double l = zr[Math.floorMod(best - 1, WINDOW)], r = zr[Math.floorMod(best + 1, WINDOW)];
    double den = l - 2 * bestV + r;
    double frac = Math.abs(den) > 1e-12 ? 0.5 * (l - r) / den : 0;
    delaySamples = (best + Math.max(-0.5, Math.min(0.5, frac))) * DECIMATION;
    hold(delaySamples);
  }

  private void hold(double est) {
    if (locked && Math.abs(est - held) <= AGREE) {
      agreeing = 0;
      return;
    }
    if (agreeing > 0 && Math.abs(est - candidate) <= AGREE) {
      agreeing++;
    } else {
      candidate = est;
      agreeing = 1;
    }
    if (agreeing >= CONFIRMATIONS) {
      held = est;
      locked = true;
      agreeing = 0;
    }
  }

  /** Latest estimate in 48 kHz samples (fractional); positive means the room mic lags. */
  public double delaySamples() { return delaySamples; }

  /** The delay alignment should use: the estimate, held until a change is confirmed. */
  public double heldDelaySamples() { return held; }

  /** Height of the last GCC-PHAT peak, 0..1. */
  public double confidence() { return confidence; }

  /** True once an estimate with enough confidence was made. */
  public boolean locked() { return locked; }
}
