package org.telerounds.media.audio;

/**
 * Active speech level after ITU-T P.56 method B, at 1 dB threshold steps: the signal's envelope
 * (two 30 ms one-pole smoothers of |x|) is compared with thresholds from 0 to -100 dBFS, each
 * with a 200 ms hangover; the level is the mean power over the samples counted active at the
 * threshold where that power exceeds the threshold by the 15.9 dB margin. Result in dBFS, so a
 * full-scale sine measures -3 dB; -120 for silence.
 */
public final class ActiveSpeechLevel {
  private static final double MARGIN_DB = 15.9;
  private static final int STEPS = 101;

  private ActiveSpeechLevel() {}

  /** Active speech level of {@code x[from..to)} at {@code sampleRate}. */
  public static double dbfs(float[] x, int from, int to, int sampleRate) {
    double g = Math.exp(-1.0 / (sampleRate * 0.03));
    int hang = (int) (0.2 * sampleRate);
    double[] c = new double[STEPS];
    long[] active = new long[STEPS];
    int[] h = new int[STEPS];
    for (int j = 0; j < STEPS; j++) { c[j] = Math.pow(10, -j / 20.0); h[j] = hang; }
    double p = 0, q = 0, sq = 0;
    for (int i = from; i < to; i++) {
      double v = x[i];
      sq += v * v;
      p = g * p + (1 - g) * Math.abs(v);
      q = g * q + (1 - g) * p;
      for (int j = 0; j < STEPS; j++) {
        if (q >= c[j]) { active[j]++; h[j] = 0; }
        else if (h[j] < hang) { active[j]++; h[j]++; }
      }
    }
    if (sq <= 1e-12) return -120;
    // from the lowest threshold up, the first where the active power is within the margin of it
    double prevDiff = Double.NaN, prevA = 0;
    for (int j = STEPS - 1; j >= 0; j--) {
      if (active[j] == 0) break;
      double a = 10 * Math.log10(sq / active[j]);
      double diff = a - 20 * Math.log10(c[j]);
      if (diff <= MARGIN_DB) {
        if (Double.isNaN(prevDiff)) return a;
        double t = (prevDiff - MARGIN_DB) / (prevDiff - diff);
        return prevA + t * (a - prevA);
      }
      prevDiff = diff;
      prevA = a;
    }
    return 10 * Math.log10(sq / Math.max(1, to - from));
  }

  public static double dbfs(float[] x) {
    return dbfs(x, 0, x.length, Pcm.SAMPLE_RATE);
  }
}
