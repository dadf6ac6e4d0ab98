package org.telerounds.media.transcribe;

/**
 * Integer-factor decimator for mono 16-bit PCM (48 kHz to 16 kHz with factor 3), stateful across
 * frames of any size. Anti-alias filter: a 241-tap linear-phase windowed-sinc low-pass (Kaiser,
 * beta 8) whose half-gain point is the output's Nyquist frequency: flat to 7.5 kHz at 16 kHz out
 * (within 0.05 dB), 6 dB down at 8 kHz, and more than 70 dB down from 8.5 kHz, so what folds back
 * lands above 7.8 kHz and far below the speech. (The earlier 145-tap filter cut at 7.2 kHz took
 * 16 dB off 7.5 kHz, and the recogniser lost words for it.) It is evaluated only at the kept output
 * samples (polyphase), so it costs {@code taps} multiply-adds per output sample. Group delay is
 * {@code (taps-1)/2} input samples (2.5 ms at 48 kHz).
 */
public final class Downsampler {
  private final int factor;
  private final float[] taps;
  private final float[] ring; // the last taps.length inputs, stored twice so reads never wrap
  private int pos;
  private int phase;

  /** @param factor input rate divided by output rate, 1 (pass-through) or more */
  public Downsampler(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be >= 1: " + factor);
    }
    this.factor = factor;
    this.taps = factor == 1 ? new float[] {1f} : design(80 * factor + 1, 0.5 / factor, 8.0);
    this.ring = new float[2 * taps.length];
  }

  public int factor() {
    return factor;
  }

  /** How many output samples {@code inLen} more input samples will give, at most. */
  public int maxOutput(int inLen) {
    return (inLen + factor - 1) / factor;
  }

  /**
   * Filters and decimates {@code in[off..off+len)} into {@code out} from {@code outOff}; returns the
   * number of samples written. Output sample k is taken at every {@code factor}-th input sample,
   * counted continuously across calls.
   */
  public int process(short[] in, int off, int len, short[] out, int outOff) {
    int n = 0;
    int l = taps.length;
    for (int i = 0; i < len; i++) {
      float x = in[off + i];
      pos = pos == 0 ? l - 1 : pos - 1;
      ring[pos] = x;
      ring[pos + l] = x;
      if (phase == 0) {
        double acc = 0;
        for (int k = 0; k < l; k++) {
          acc += taps[k] * ring[pos + k];
        }
        out[outOff + n++] = clip(acc);
      }
      phase = (phase + 1) % factor;
    }
    return n;
  }

  static short clip(double v) {
    long r = Math.round(v);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
  }

  /** Kaiser-windowed sinc low-pass with cutoff {@code fc} (fraction of the input rate), unity DC gain. */
  static float[] design(int n, double fc, double beta) {
    float[] t = new float[n];
    double m = (n - 1) / 2.0;
    double sum = 0;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double x = i - m;
      double sinc = x == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
      double r = x / m;
      d[i] = sinc * bessel0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / bessel0(beta);
      sum += d[i];
    }
    for (int i = 0; i < n; i++) {
      t[i] = (float) (d[i] / sum);
    }
    return t;
  }

  private static double bessel0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }
}
