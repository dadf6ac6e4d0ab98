package org.telerounds.media.enhance;

/**
 * Low-pass filters and decimates a 48 kHz stream by an integer factor, keeping its filter state
 * across calls: a 31-tap Hann-windowed sinc with its cutoff at 0.95 of the new Nyquist frequency
 * (7.6 kHz for a factor of 3, so 16 kHz out). Used by {@link DelayEstimator}, which only looks at
 * 300–3400 Hz: what folds onto that band (12.6–15.7 kHz) lies in the filter's stopband (at least
 * 59 dB down), and the rest of the aliasing lands on bins it ignores.
 */
final class Decimator {
  private static final int TAPS = 31;
  private final int factor;
  private final float[] h = new float[TAPS];
  private final float[] state = new float[TAPS - 1];
  private float[] work = new float[0];
  private int phase;

  Decimator(int factor) {
    this.factor = factor;
    double fc = 0.95 * 0.5 / factor; // cycles per input sample
    double sum = 0;
    for (int i = 0; i < TAPS; i++) {
      double t = i - (TAPS - 1) / 2.0;
      double sinc = t == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 1) / (TAPS + 1));
      h[i] = (float) (sinc * w);
      sum += h[i];
    }
    for (int i = 0; i < TAPS; i++) h[i] /= (float) sum;
  }

  /** Filters {@code x[0..n)} and writes every {@code factor}-th output to {@code out}; returns how many. */
  int process(float[] x, int n, float[] out) {
    int len = TAPS - 1 + n;
    if (work.length < len) work = new float[len];
    System.arraycopy(state, 0, work, 0, TAPS - 1);
    System.arraycopy(x, 0, work, TAPS - 1, n);
    int m = 0;
    int i = phase;
    for (; i < n; i += factor) {
      float acc = 0;
      for (int k = 0; k < TAPS; k++) acc += h[k] * work[i + k];
      out[m++] = acc;
    }
    phase = i - n;
    System.arraycopy(work, n, state, 0, TAPS - 1);
    return m;
  }
}
