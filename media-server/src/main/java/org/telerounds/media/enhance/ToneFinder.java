package org.telerounds.media.enhance;

import java.util.Arrays;

/**
 * Finds steady tones (a monitor's beep, an infusion pump's alarm) at any frequency from
 * {@value #MIN_HZ} to {@value #MAX_HZ} Hz, with no configuration. The input is low-passed and
 * decimated to {@value #ANALYSIS_RATE} Hz (a {@value #TAPS}-tap Blackman-windowed sinc, computed
 * only for the samples kept), and every 10 ms block it looks at the spectrum of the last 32 ms
 * (Hann window, {@value #FFT}-point FFT: 31 Hz bins) for narrow peaks that stand well above their
 * neighbourhood, and follows each peak's frequency (parabolic interpolation) from block to block.
 * A peak is a tone once it has been found in {@value #CONFIRM_BLOCKS} blocks (never more than
 * {@value #MAX_MISSED} missed in a row: speech over a beep masks it at times) without its
 * frequency moving more than {@value #DRIFT} of itself (at least {@value #MIN_DRIFT_HZ} Hz) in
 * all. Speech is told apart by that: a voiced harmonic is as narrow and as strong for a moment,
 * but intonation moves it by more than that within tens of milliseconds, while an alarm's
 * frequency does not move at all. Not thread-safe; allocates nothing per block.
 */
final class ToneFinder {
  static final double MIN_HZ = 400;
  static final double MAX_HZ = 3000;
  static final int CONFIRM_BLOCKS = 8;
  /** A candidate survives this many blocks in a row without being found (speech masks a beep at times). */
  static final int MAX_MISSED = 3;
  static final double DRIFT = 0.003;
  static final double MIN_DRIFT_HZ = 3;
  /** Main lobe power over the power of the bins around it: 15 dB. */
  static final double PROMINENCE = 30;
  /** Power in the main lobe's flanks (3 to 5 bins off) at most this share of the lobe: 10 dB (a pure tone: 30 dB; a speech harmonic 19 dB weaker beside a beep still lets it pass). */
  static final double FLANKS = 0.1;
  /** A tone worth notching holds at least this share of the block's power (17 dB below the rest). */
  static final double MIN_SHARE = 0.02;
  static final int ANALYSIS_RATE = 8000;
  static final int FFT = 256;
  static final int TAPS = 145;
  private static final int MAX_PEAKS = 3;
  private final int factor;
  private final double[] lowPass;
  private final float[] history; // the last TAPS input samples, twice over so a window is contiguous
  private int hpos;
  private int phase;
  private final Fft fft = new Fft(FFT);
  private final double[] hann = new double[FFT];
  private final float[] ring = new float[FFT];
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
  private final int[] candMissed = new int[MAX_PEAKS * 2]; // blocks in a row it was not found
  private final boolean[] candSeen = new boolean[MAX_PEAKS * 2];
  private final double[] found = new double[MAX_PEAKS];
  private final double[] peaks = new double[MAX_PEAKS];

  /** {@code rate}: the input's sample rate, a multiple of {@value #ANALYSIS_RATE} Hz. */
  ToneFinder(int rate) {
    if (rate % ANALYSIS_RATE != 0) throw new IllegalArgumentException("rate " + rate + " is not a multiple of 8 kHz");
    this.factor = rate / ANALYSIS_RATE;
    this.lowPass = new double[TAPS];
    double cutoff = 3600.0 / rate; // flat to about 2.7 kHz; from 4.5 kHz (which would fold under 3.5 kHz) over 70 dB down
    double sum = 0;
    for (int i = 0; i < TAPS; i++) {
      int m = i - TAPS / 2;
      double sinc = m == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * m) / (Math.PI * m);
      double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (TAPS - 1)) + 0.08 * Math.cos(4 * Math.PI * i / (TAPS - 1));
      lowPass[i] = sinc * w;
      sum += lowPass[i];
    }
    for (int i = 0; i < TAPS; i++) lowPass[i] /= sum;
    this.history = new float[2 * TAPS];
    for (int i = 0; i < FFT; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FFT - 1));
    this.lo = (int) Math.ceil(MIN_HZ * FFT / ANALYSIS_RATE);
    this.hi = Math.min(FFT / 2 - 6, (int) Math.floor(MAX_HZ * FFT / ANALYSIS_RATE));
  }

  /**
   * Takes the next block {@code x[off, off+n)} (10 ms); returns how many tones were confirmed in
   * it, their frequencies in {@link #tone(int)}. A tone is reported once, in the block that
   * confirms it, then again every block it stays (the caller keeps what it already notches).
   */
  int push(float[] x, int off, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[off + i];
      history[hpos] = v;
      history[hpos + TAPS] = v;
      hpos = hpos + 1 == TAPS ? 0 : hpos + 1;
      if (++phase < factor) continue;
      phase = 0;
      // history[hpos .. hpos+TAPS): oldest to newest; the filter is symmetric, so fold it
      int h0 = hpos;
      int h1 = hpos + TAPS - 1;
      double y = lowPass[TAPS / 2] * history[hpos + TAPS / 2];
      for (int j = 0; j < TAPS / 2; j++) y += lowPass[j] * (history[h0 + j] + history[h1 - j]);
      ring[pos] = (float) y;
      pos = pos + 1 == FFT ? 0 : pos + 1;
      if (filled < FFT) filled++;
    }
    if (filled < FFT) return 0;
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
    for (int c = 0; c < candRun.length; c++) {
      if (candSeen[c]) {
        candMissed[c] = 0;
      } else if (candRun[c] > 0 && ++candMissed[c] > MAX_MISSED) { // speech over a beep hides it now and then
        candRun[c] = 0;
        candMissed[c] = 0;
      }
    }
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
    int first = FFT - pos; // ring[pos..] is the oldest part
    for (int i = 0; i < first; i++) re[i] = ring[pos + i] * hann[i];
    for (int i = first; i < FFT; i++) re[i] = ring[i - first] * hann[i];
    Arrays.fill(im, 0);
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
      peaks[n++] = (k + delta) * ANALYSIS_RATE / FFT;
    }
    return n;
  }
}
