package org.telerounds.media.audio;

import java.util.Arrays;

/**
 * A blind SNR estimate, for reports where no clean reference exists: 20 ms frame powers; the
 * noise power is the mean of the quietest 10% of frames, the speech-plus-noise power the mean of
 * the frames more than 6 dB above it; SNR = (speech+noise - noise) / noise. It misjudges noise
 * that comes and goes (e.g. beeps) and speech with no pauses; for real figures use a reference.
 */
public final class SnrEstimate {
  private SnrEstimate() {}

  /** Estimated SNR of {@code x} in dB (clamped to -30..60). */
  public static double db(float[] x) {
    int n = x.length / Pcm.FRAME_SAMPLES;
    if (n < 5) return Double.NaN;
    double[] pw = new double[n];
    for (int i = 0; i < n; i++) pw[i] = Pcm.meanSquare(x, i * Pcm.FRAME_SAMPLES, Pcm.FRAME_SAMPLES) + 1e-14;
    double[] sorted = pw.clone();
    Arrays.sort(sorted);
    int k = Math.max(1, n / 10);
    double noise = 0;
    for (int i = 0; i < k; i++) noise += sorted[i];
    noise /= k;
    double act = 0;
    int m = 0;
    for (double p : pw) if (p > 4 * noise) { act += p; m++; }
    if (m == 0) return -30;
    double snr = 10 * Math.log10(Math.max(act / m - noise, 1e-14) / noise);
    return Math.max(-30, Math.min(60, snr));
  }
}
