package org.telerounds.media.enhance;

/**
 * Removes the steady tones of the ward's monitor alarms, at frequencies the site configures
 * ({@code telerounds.enhancement.alarm-tones-hz}), before noise suppression. WebRTC's noise
 * suppressor models slowly varying noise; a beep that starts and stops every second is neither
 * stationary noise nor speech to it, so it passes, and the gain control rides on it.
 * <p>
 * For each tone, two cascaded biquad notches (Q {@value #Q} each: together about f/30 wide at
 * −3 dB, and at least 17 dB deep within ±1% of f)
 * run all the time, but their output is used only during an alarm episode:
 * <ul>
 *   <li>every 10 ms a Goertzel filter over the last 40 ms (25 Hz resolution) measures the share of
 *       that window's power at the tone's frequency;</li>
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
  private final int rate;
  private final int block;
  private final int ramp;
  private final Tone[] tones;

  private static final class Tone {
    final double coeff; // Goertzel 2cos(w)
    final Biquad a, b;
    final float[] ring;
    int pos;
    int run;
    int holdLeft;
    double gain;

    Tone(double hz, int rate) {
      double w = 2 * Math.PI * hz / rate;
      coeff = 2 * Math.cos(w);
      a = Biquad.notch(w, Q);
      b = Biquad.notch(w, Q);
      ring = new float[rate / 25];
    }
  }

  /** @param tonesHz alarm tone frequencies (may be empty: then this is a pass-through) */
  AlarmToneNotch(double[] tonesHz, int rate) {
    this.rate = rate;
    this.block = rate / 100;
    this.ramp = rate / 500;
    tones = new Tone[tonesHz.length];
    for (int i = 0; i < tonesHz.length; i++) {
      if (!(tonesHz[i] > 0 && tonesHz[i] < rate / 2.0)) throw new IllegalArgumentException("tone " + tonesHz[i] + " Hz");
      tones[i] = new Tone(tonesHz[i], rate);
    }
  }

  /** Processes {@code x[0..n)} in place. */
  void process(float[] x, int n) {
    for (int off = 0; off < n; off += block) {
      int m = Math.min(block, n - off);
      for (Tone t : tones) processBlock(t, x, off, m);
    }
  }

  /** True while the notch of any tone is switched in. */
  boolean active() {
    for (Tone t : tones) if (t.gain > 0) return true;
    return false;
  }

  private void processBlock(Tone t, float[] x, int off, int m) {
    int len = t.ring.length;
    for (int i = 0; i < m; i++) {
      t.ring[t.pos] = x[off + i];
      if (++t.pos == len) t.pos = 0;
    }
    double s1 = 0, s2 = 0, power = 0;
    for (int k = 0; k < 2; k++) { // oldest to newest: ring[pos..len), then ring[0..pos)
      for (int i = k == 0 ? t.pos : 0, end = k == 0 ? len : t.pos; i < end; i++) {
        double v = t.ring[i];
        double s0 = v + t.coeff * s1 - s2;
        s2 = s1; s1 = s0;
        power += v * v;
      }
    }
    double tonePower = 2 * (s1 * s1 + s2 * s2 - t.coeff * s1 * s2) / ((double) len * len);
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
