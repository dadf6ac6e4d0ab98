package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AlarmToneNotchTest {
  private static final int RATE = 48000, FRAME = 960;

  private static float[] run(AlarmToneNotch n, float[] x) {
    float[] y = x.clone();
    float[] f = new float[FRAME];
    for (int off = 0; off + FRAME <= y.length; off += FRAME) {
      System.arraycopy(y, off, f, 0, FRAME);
      n.process(f, FRAME);
      System.arraycopy(f, 0, y, off, FRAME);
    }
    return y;
  }

  private static float[] tone(double hz, double seconds, double amp) {
    float[] x = new float[(int) (seconds * RATE)];
    for (int i = 0; i < x.length; i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
    return x;
  }

  /** Power of {@code x[from..)} at {@code hz} (Goertzel), as a sine's mean power. */
  private static double powerAt(float[] x, int from, double hz) {
    double c = 2 * Math.cos(2 * Math.PI * hz / RATE), s1 = 0, s2 = 0;
    int n = x.length - from;
    for (int i = from; i < x.length; i++) { double s0 = x[i] + c * s1 - s2; s2 = s1; s1 = s0; }
    return 2 * (s1 * s1 + s2 * s2 - c * s1 * s2) / ((double) n * n);
  }

  private static double db(double p) { return 10 * Math.log10(p); }

  @Test
  void removesASteadyOneKilohertzToneByAtLeast20Db() {
    float[] x = tone(1000, 2, 0.1);
    float[] y = run(new AlarmToneNotch(new double[] {1000}, RATE), x);
    int from = RATE / 2; // after detection (70 ms) and the filters' settling
    assertThat(db(powerAt(x, from, 1000)) - db(powerAt(y, from, 1000))).isGreaterThanOrEqualTo(20);
  }

  @Test
  void removesATone05PercentOffItsNominalFrequencyByAtLeast20Db() {
    float[] x = tone(1005, 2, 0.1);
    float[] y = run(new AlarmToneNotch(new double[] {1000}, RATE), x);
    assertThat(db(powerAt(x, RATE / 2, 1005)) - db(powerAt(y, RATE / 2, 1005))).isGreaterThanOrEqualTo(20);
  }

  @Test
  void whileNotchingLeavesTheSpeechBandAwayFromTheToneUnchanged() {
    // beep + other speech-band partials: the partials keep their level within 0.5 dB
    float[] beep = tone(1000, 2, 0.1);
    double[] others = {300, 500, 700, 1300, 2000, 3000};
    float[] x = beep.clone();
    for (double f : others) x = TestSignals.plus(x, tone(f, 2, 0.01));
    AlarmToneNotch n = new AlarmToneNotch(new double[] {1000}, RATE);
    float[] y = run(n, x);
    assertThat(n.active()).isTrue();
    for (double f : others) {
      assertThat(db(powerAt(y, RATE / 2, f)) - db(powerAt(x, RATE / 2, f))).as(f + " Hz").isCloseTo(0, within(0.5));
    }
    assertThat(db(powerAt(x, RATE / 2, 1000)) - db(powerAt(y, RATE / 2, 1000))).isGreaterThanOrEqualTo(20);
  }

  @Test
  void speechWithoutAnAlarmPassesBitForBit() {
    float[] x = TestSignals.plus(TestSignals.speechLike(11, 4, 0.05), TestSignals.whiteNoise(12, 4 * RATE, 0.002));
    AlarmToneNotch n = new AlarmToneNotch(new double[] {1000}, RATE);
    assertThat(run(n, x)).containsExactly(x);
    assertThat(n.active()).isFalse();
  }

  @Test
  void noTonesIsAPassThrough() {
    float[] x = tone(1000, 1, 0.1);
    assertThat(run(new AlarmToneNotch(new double[0], RATE), x)).containsExactly(x);
  }
}
