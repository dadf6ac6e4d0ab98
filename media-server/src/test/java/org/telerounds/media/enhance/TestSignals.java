package org.telerounds.media.enhance;

import java.util.Random;

/** Deterministic test signals at 48 kHz: a speech-like voiced signal with syllables and pauses. */
final class TestSignals {
  private TestSignals() {}

  /** Harmonics of a gliding 110..190 Hz pitch, syllable-modulated at ~4 Hz with pauses, plus breath noise. */
  static float[] speechLike(long seed, double seconds, double rms) {
    Random r = new Random(seed);
    int n = (int) (seconds * 48000);
    float[] x = new float[n];
    double phase = 0;
    double e = 0;
    for (int i = 0; i < n; i++) {
      double t = i / 48000.0;
      double f0 = 150 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
      phase += 2 * Math.PI * f0 / 48000;
      double s = 0;
      for (int h = 1; h <= 20; h++) s += Math.sin(h * phase + h * 0.3) / h;
      double syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
      double pause = ((int) (t / 0.8)) % 3 == 2 ? 0 : 1;
      x[i] = (float) (s * syllable * pause + 0.05 * r.nextGaussian() * syllable);
      e += x[i] * x[i];
    }
    scale(x, rms / Math.sqrt(e / n));
    return x;
  }

  static float[] whiteNoise(long seed, int n, double rms) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (rms * r.nextGaussian());
    return x;
  }

  /** {@code x} delayed by {@code d} samples (zeros first), same length. */
  static float[] delayed(float[] x, int d, double gain) {
    float[] y = new float[x.length];
    for (int i = d; i < x.length; i++) y[i] = (float) (gain * x[i - d]);
    return y;
  }

  static float[] plus(float[] a, float[] b) {
    float[] y = new float[a.length];
    for (int i = 0; i < a.length; i++) y[i] = a[i] + b[i];
    return y;
  }

  static void scale(float[] x, double g) {
    for (int i = 0; i < x.length; i++) x[i] *= (float) g;
  }
}
