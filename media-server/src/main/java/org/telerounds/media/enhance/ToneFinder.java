package org.telerounds.media.enhance;

import java.util.Arrays;

/**
 * Finds steady tones (a monitor's beep, an infusion pump's alarm) at any frequency from
 * {@value #MIN_HZ} to {@value #MAX_HZ} Hz, with no configuration: every 10 ms block it looks at the
 * spectrum of the last 40 ms (Hann window, 2048-point FFT at 48 kHz: 23 Hz bins) for narrow peaks
 * that stand well above their neighbourhood, and follows each peak's frequency (parabolic
 * interpolation) from block to block. A peak is a tone once it has been found in
 * {@value #CONFIRM_BLOCKS} blocks in a row without its frequency moving more than
 * {@value #DRIFT} of itself (at least {@value #MIN_DRIFT_HZ} Hz) in all. Speech is told apart by
 * that: a voiced harmonic is as narrow and as strong for a moment, but intonation moves it by more
 * than that within tens of milliseconds, while an alarm's frequency does not move at all. Not
 * thread-safe; allocates nothing per block.
 */
final class ToneFinder {
  static final double MIN_HZ = 400;
  static final double MAX_HZ = 3000;
  static final int CONFIRM_BLOCKS = 8;
  static final double DRIFT = 0.003;
  static final double MIN_DRIFT_HZ = 3;
  /** Main lobe power over the power of the bins around it: 15 dB. */
  static final double PROMINENCE = 30;
  /** Power in the main lobe's flanks (3 to 5 bins off) at most this share of the lobe (a pure tone: under 0.1%). */
  static final double FLANKS = 0.01;
  /** A tone worth notching holds at least this share of the block's power (17 dB below the rest). */
  static final double MIN_SHARE = 0.02;
  private static final int FFT = 2048;
  private static final int MAX_PEAKS = 3;
  private final int rate;
  private final int window;
  private final Fft fft = new Fft(FFT);
  private final double[] hann;
  private final float[] ring;
  private int filled;
  private int pos;
  private final double[] re = new double[FFT];
  private final double[] im = new double[FFT];
  private final double[] power = new double[FFT / 2 + 1];
  private final int lo;
  private final int hi;
  // candidates followed from block to block: frequency of the first find, min, max, blocks in a row
  private final double[] candFirst = new double[MAX_PEAKS * 2];
  private final double[] candMin = new double[MAX_PEAKS * 2];
  private final double[] candMax = new double[MAX_PEAKS * 2];
  private final int[] candRun = new int[MAX_PEAKS * 2];
  private final boolean[] candSeen = new boolean[MAX_PEAKS * 2];
  private final double[] found = new double[MAX_PEAKS];
  private final double[] peaks = new double[MAX_PEAKS];

  /** {@code rate}: the sample rate; the window is 40 ms of it (at most 2048 samples). */
  ToneFinder(int rate) {
    this.rate = rate;
    this.window = Math.min(FFT, rate / 25);
    this.ring = new float[window];
    this.hann = new double[window];
    for (int i = 0; i < window; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (window - 1));
    this.lo = (int) Math.ceil(MIN_HZ * FFT / rate);
    this.hi = Math.min(FFT / 2 - 6, (int) Math.floor(MAX_HZ * FFT / rate));
    Arrays.fill(candRun, 0);
  }

  /**
   * Takes the next block {@code x[off, off+n)} (10 ms); returns how many tones were confirmed in
   * it, their frequencies in {@link #tone(int)}. A tone is reported once, in the block that
   * confirms it, then again every block it stays (the caller keeps what it already notches).
   */
  int push(float[] x, int off, int n) {
    for (int i = 0; i < n; i++) {
      ring[pos] = x[off + i];
      pos = (pos + 1) % window;
    }
    filled = Math.min(window, filled + n);
    if (filled < window) return 0;
    int npk = findPeaks();
    for (int c = 0; c < candRun.length; c++) candSeen[c] = false;
    int confirmed = 0;
    for (int p = 0; p < npk; p++) {
      double f = peaks[p];
      int c = match(f);
      if (c < 0) c = freeSlot();
      if (c < 0) continue;
      if (candRun[c] == 0) {
        candFirst[c] = f;
        candMin[c] = f;
        candMax[c] = f;
      }
      candMin[c] = Math.min(candMin[c], f);
      candMax[c] = Math.max(candMax[c], f);
      double tol = Math.max(MIN_DRIFT_HZ, DRIFT * candFirst[c]);
      if (candMax[c] - candMin[c] > tol) { // it moved: speech, start over from here
        candFirst[c] = f;
        candMin[c] = f;
        candMax[c] = f;
        candRun[c] = 0;
      }
      candRun[c]++;
      candSeen[c] = true;
      if (candRun[c] >= CONFIRM_BLOCKS && confirmed < found.length) found[confirmed++] = (candMin[c] + candMax[c]) / 2;
    }
    for (int c = 0; c < candRun.length; c++) if (!candSeen[c]) candRun[c] = 0;
    return confirmed;
  }

  /** The {@code i}th tone confirmed by the last {@link #push}, in Hz. */
  double tone(int i) { return found[i]; }

  private int match(double f) {
    for (int c = 0; c < candRun.length; c++) {
      if (candRun[c] > 0 && !candSeen[c] && Math.abs(f - candFirst[c]) <= Math.max(MIN_DRIFT_HZ, 2 * DRIFT * f) + 12) {
        return c;
      }
    }
    return -1;
  }

  private int freeSlot() {
    for (int c = 0; c < candRun.length; c++) if (candRun[c] == 0 && !candSeen[c]) return c;
    return -1;
  }

  /** The spectrum of the last window; up to {@link #MAX_PEAKS} tone-like peaks into {@link #peaks}. */
  private int findPeaks() {
    for (int i = 0; i < window; i++) {
      re[i] = ring[(pos + i) % window] * hann[i];
      im[i] = 0;
    }
    Arrays.fill(re, window, FFT, 0);
    Arrays.fill(im, window, FFT, 0);
    fft.transform(re, im, false);
    double total = 0;
    for (int k = 0; k <= FFT / 2; k++) {
      power[k] = re[k] * re[k] + im[k] * im[k];
      total += power[k];
    }
    if (total <= 0) return 0;
    int n = 0;
    for (int k = lo; k <= hi && n < MAX_PEAKS; k++) {
      double v = power[k];
      if (v <= power[k - 1] || v < power[k + 1]) continue; // not a local maximum
      double lobe = power[k - 2] + power[k - 1] + v + power[k + 1] + power[k + 2];
      if (lobe < MIN_SHARE * total) continue;
      double flanks = power[k - 5] + power[k - 4] + power[k - 3] + power[k + 3] + power[k + 4] + power[k + 5];
      if (flanks > FLANKS * lobe) continue;
      double around = 0;
      int count = 0;
      for (int j = 6; j <= 20; j++) {
        if (k - j >= 0) { around += power[k - j]; count++; }
        if (k + j <= FFT / 2) { around += power[k + j]; count++; }
      }
      if (count > 0 && lobe < PROMINENCE * 5 * around / count) continue;
      double a = Math.log(power[k - 1] + 1e-30);
      double b = Math.log(v + 1e-30);
      double c = Math.log(power[k + 1] + 1e-30);
      double denom = a - 2 * b + c;
      double delta = denom == 0 ? 0 : 0.5 * (a - c) / denom;
      peaks[n++] = (k + delta) * rate / FFT;
    }
    return n;
  }
}
