package org.telerounds.media.enhance;

/**
 * Removes the steady tones of the ward's monitor alarms before noise suppression: at frequencies
 * the site configures ({@code telerounds.enhancement.alarm-tones-hz}, a hint), and at any
 * frequency from 400 to 3,000 Hz that {@link ToneFinder} finds steady for 80 ms (up to
 * {@value #MAX_FOUND} at once; a found tone keeps its notch ready for {@value #FORGET_MS} ms after
 * it last sounded, so the next beeps of the alarm are caught at once). WebRTC's noise
 * suppressor models slowly varying noise; a beep that starts and stops every second is neither
 * stationary noise nor speech to it, so it passes, and the gain control rides on it.
 * <p>
 * For each tone, two cascaded biquad notches (Q {@value #Q} each: together about f/30 wide at
 * −3 dB, and at least 17 dB deep within ±1% of f)
 * run all the time, but their output is used only during an alarm episode:
 * <ul>
 *   <li>every 10 ms the DFT at the tone's frequency over the last 40 ms (25 Hz resolution; made of
 *       four 10 ms partial sums, so each sample is touched once) measures the share of that
 *       window's power at the tone;</li>
 *   <li>a tone is confirmed when the share stays at or above {@value #DETECT_SHARE} for
 *       {@value #CONFIRM_BLOCKS} blocks in a row (70 ms of tone). A voiced speech harmonic can hold
 *       that much power in one 25 Hz band for a moment, but intonation moves it out within tens of
 *       milliseconds; an alarm tone does not move;</li>
 *   <li>once confirmed, the notch is switched in (ramped over 2 ms) and held for
 *       {@value #HOLD_MS} ms after the last confirmation: monitors repeat their beeps, so the
 *       onsets of the next beeps of the episode are notched too.</li>
 * </ul>
 * Outside alarm episodes the signal passes untouched. Not thread-safe.
 */
final class AlarmToneNotch {
  static final double Q = 20;
  static final double DETECT_SHARE = 0.3;
  static final int CONFIRM_BLOCKS = 4;
  static final int HOLD_MS = 2000;
  /** The detection window, in 10 ms blocks (40 ms: 25 Hz resolution). */
  private static final int WINDOW_BLOCKS = 4;
  static final int MAX_FOUND = 3;
  static final int FORGET_MS = 30_000;
  private final int rate;
  private final int block;
  private final int ramp;
  private final int configured;
  private final Tone[] tones;
  private int count;
  private final ToneFinder finder;

  private static final class Tone {
    final double w;
    final double[] cos, sin; // phasor over one block
    final double blockRe, blockIm; // phase advance of one block: e^{-jw*block}
    final Biquad a, b;
    final double[] re = new double[WINDOW_BLOCKS], im = new double[WINDOW_BLOCKS], pw = new double[WINDOW_BLOCKS];
    int next; // oldest block in the rings
    int run;
    int holdLeft;
    int idle; // samples since it last sounded (found tones are forgotten after FORGET_MS)
    double gain;

    Tone(double hz, int rate, int block) {
      w = 2 * Math.PI * hz / rate;
      cos = new double[block];
      sin = new double[block];
      for (int i = 0; i < block; i++) { cos[i] = Math.cos(w * i); sin[i] = Math.sin(w * i); }
      blockRe = Math.cos(w * block);
      blockIm = -Math.sin(w * block);
      a = Biquad.notch(w, Q);
      b = Biquad.notch(w, Q);
    }
  }

  /** Configured tones and tones found at any frequency. */
  AlarmToneNotch(double[] tonesHz, int rate) {
    this(tonesHz, rate, true);
  }

  /**
   * @param tonesHz alarm tone frequencies the site configures (may be empty)
   * @param find whether to find other steady tones too (without them and with no configured tone,
   *     this is a pass-through)
   */
  AlarmToneNotch(double[] tonesHz, int rate, boolean find) {
    this.rate = rate;
    this.block = rate / 100;
    this.ramp = rate / 500;
    this.configured = tonesHz.length;
    tones = new Tone[tonesHz.length + (find ? MAX_FOUND : 0)];
    for (int i = 0; i < tonesHz.length; i++) {
      if (!(tonesHz[i] > 0 && tonesHz[i] < rate / 2.0)) throw new IllegalArgumentException("tone " + tonesHz[i] + " Hz");
      tones[i] = new Tone(tonesHz[i], rate, block);
    }
    count = tonesHz.length;
    finder = find ? new ToneFinder(rate) : null;
  }

  /** Processes {@code x[0..n)} in place. */
  void process(float[] x, int n) {
    for (int off = 0; off < n; off += block) {
      int m = Math.min(block, n - off);
      if (finder != null) {
        int found = finder.push(x, off, m); // the input, before any notch
        for (int i = 0; i < found; i++) notchFound(finder.tone(i));
      }
      for (int i = 0; i < count; i++) processBlock(tones[i], x, off, m);
      forgetIdle(m);
    }
  }

  /** True while the notch of any tone is switched in. */
  boolean active() {
    for (int i = 0; i < count; i++) if (tones[i].gain > 0) return true;
    return false;
  }

  /** The frequencies notched or ready to be (configured, then found), in Hz. */
  double[] frequencies() {
    double[] f = new double[count];
    for (int i = 0; i < count; i++) f[i] = tones[i].w * rate / (2 * Math.PI);
    return f;
  }

  /**
   * A tone the finder confirmed: a notch that covers it is held in for another
   * {@value #HOLD_MS} ms (the notch's own detector may not confirm a tone under speech); else one is
   * made for it, switched in
   * at once (the finder has seen it for 80 ms), taking the place of the longest-idle found tone
   * when all {@value #MAX_FOUND} are taken.
   */
  private void notchFound(double hz) {
    for (int i = 0; i < count; i++) {
      double f = tones[i].w * rate / (2 * Math.PI);
      if (Math.abs(hz - f) <= Math.max(5, 0.01 * f)) { // sounding again: held for another 2 s
        tones[i].holdLeft = HOLD_MS * rate / 1000;
        tones[i].idle = 0;
        return;
      }
    }
    int slot = count < tones.length ? count++ : -1;
    if (slot < 0) {
      for (int i = configured; i < count; i++) {
        if (tones[i].gain == 0 && (slot < 0 || tones[i].idle > tones[slot].idle)) slot = i;
      }
      if (slot < 0) return; // every found tone is sounding now
    }
    Tone t = new Tone(hz, rate, block);
    t.holdLeft = HOLD_MS * rate / 1000;
    tones[slot] = t;
  }

  /** Found tones silent for {@value #FORGET_MS} ms are dropped (their notch filters with them). */
  private void forgetIdle(int m) {
    for (int i = configured; i < count; i++) {
      Tone t = tones[i];
      t.idle = t.holdLeft > 0 ? 0 : t.idle + m;
      if (t.idle >= FORGET_MS / 1000 * rate && t.gain == 0) {
        tones[i] = tones[count - 1];
        tones[--count] = null;
        i--;
      }
    }
  }

  private void processBlock(Tone t, float[] x, int off, int m) {
    // this block's DFT value at the tone's frequency and its power; the 40 ms window's DFT value is
    // the sum of its blocks' values, each turned by the phase the tone advances per block
    double br = 0, bi = 0, bp = 0;
    for (int i = 0; i < m; i++) {
      double v = x[off + i];
      br += v * t.cos[i];
      bi -= v * t.sin[i];
      bp += v * v;
    }
    t.re[t.next] = br; t.im[t.next] = bi; t.pw[t.next] = bp;
    t.next = (t.next + 1) % WINDOW_BLOCKS;
    double xr = 0, xi = 0, power = 0, pr = 1, pi = 0; // pr + j pi: phase of the block's start
    for (int k = 0; k < WINDOW_BLOCKS; k++) { // oldest to newest
      int j = (t.next + k) % WINDOW_BLOCKS;
      xr += t.re[j] * pr - t.im[j] * pi;
      xi += t.re[j] * pi + t.im[j] * pr;
      power += t.pw[j];
      double nr = pr * t.blockRe - pi * t.blockIm;
      pi = pr * t.blockIm + pi * t.blockRe;
      pr = nr;
    }
    int len = WINDOW_BLOCKS * m;
    double tonePower = 2 * (xr * xr + xi * xi) / ((double) len * len);
    boolean tonal = power > 0 && tonePower / (power / len) >= DETECT_SHARE;
    t.run = tonal ? t.run + 1 : 0;
    if (t.run >= CONFIRM_BLOCKS) t.holdLeft = HOLD_MS * rate / 1000;
    else t.holdLeft = Math.max(0, t.holdLeft - m);
    double target = t.holdLeft > 0 ? 1 : 0;
    double step = 1.0 / ramp;
    for (int i = 0; i < m; i++) {
      float v = x[off + i];
      float y = t.b.process(t.a.process(v));
      if (t.gain != target) t.gain = target > t.gain ? Math.min(target, t.gain + step) : Math.max(target, t.gain - step);
      x[off + i] = (float) (t.gain * y + (1 - t.gain) * v);
    }
  }

  /** Direct form I biquad. */
  static final class Biquad {
    private final double b0, b1, b2, a1, a2;
    private double x1, x2, y1, y2;

    Biquad(double b0, double b1, double b2, double a1, double a2) {
      this.b0 = b0; this.b1 = b1; this.b2 = b2; this.a1 = a1; this.a2 = a2;
    }

    /** The audio EQ cookbook notch at {@code w} rad/sample. */
    static Biquad notch(double w, double q) {
      double alpha = Math.sin(w) / (2 * q), a0 = 1 + alpha, c = Math.cos(w);
      return new Biquad(1 / a0, -2 * c / a0, 1 / a0, -2 * c / a0, (1 - alpha) / a0);
    }

    float process(float in) {
      double y = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      if (Math.abs(y) < 1e-25) y = 0; // no denormals after silence
      x2 = x1; x1 = in; y2 = y1; y1 = y;
      return (float) y;
    }
  }
}
