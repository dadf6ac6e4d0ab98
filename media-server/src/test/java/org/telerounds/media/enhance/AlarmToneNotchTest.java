package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telerounds.media.audio.WavFiles;

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
    assertThat(same(run(n, x), x)).isTrue();
    assertThat(n.active()).isFalse();
  }

  @Test
  void noTonesAndNoFindingIsAPassThrough() {
    float[] x = tone(1000, 1, 0.1);
    assertThat(same(run(new AlarmToneNotch(new double[0], RATE, false), x), x)).isTrue();
  }

  /** Tones at frequencies nobody configured, on the bin grid and off it, in a little noise. */
  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(doubles = {450, 1234.5, 1730, 2900})
  void findsAndNotchesASteadyToneAtAnyFrequency(double hz) {
    float[] x = TestSignals.plus(tone(hz, 2, 0.05), TestSignals.whiteNoise(3, 2 * RATE, 0.002));
    AlarmToneNotch n = new AlarmToneNotch(new double[0], RATE);
    float[] y = run(n, x);
    assertThat(n.frequencies()).hasSize(1);
    assertThat(n.frequencies()[0]).isCloseTo(hz, within(Math.max(3, 0.003 * hz)));
    assertThat(db(powerAt(x, RATE / 2, hz)) - db(powerAt(y, RATE / 2, hz))).as("dB taken off").isGreaterThanOrEqualTo(20);
  }

  @Test
  void aBeepingAlarmUnderSpeechIsNotchedFromItsSecondBeepOn_andTheSpeechAwayFromItKeepsItsLevel() {
    double hz = 2400;
    float[] speech = TestSignals.speechLike(5, 4, 0.05);
    float[] beeps = new float[speech.length];
    for (int i = 0; i < beeps.length; i++) {
      double t = (double) i / RATE;
      if (t % 0.5 < 0.15) beeps[i] = (float) (0.03 * Math.sin(2 * Math.PI * hz * i / RATE)); // 150 ms on, 350 off
    }
    float[] x = TestSignals.plus(speech, beeps);
    AlarmToneNotch n = new AlarmToneNotch(new double[0], RATE);
    float[] y = run(n, x);
    int from = RATE / 2; // from the second beep on
    // each 150 ms beep's onset and end ring in the narrow notch for a few ms, so less comes off than
    // off a steady tone; the bound is 10 dB
    assertThat(db(powerAt(x, from, hz)) - db(powerAt(y, from, hz))).as("dB taken off the beeps").isGreaterThanOrEqualTo(10);
    for (double f : new double[] {300, 450, 900}) { // speech partials well away from the beep
      assertThat(db(powerAt(y, from, f)) - db(powerAt(x, from, f))).as(f + " Hz").isCloseTo(0, within(0.5));
    }
  }

  @Test
  void twoAlarmsAtOnceAreBothFound() {
    float[] x = TestSignals.plus(tone(700, 2, 0.04), tone(2100, 2, 0.04));
    AlarmToneNotch n = new AlarmToneNotch(new double[0], RATE);
    float[] y = run(n, x);
    for (double hz : new double[] {700, 2100}) {
      assertThat(db(powerAt(x, RATE / 2, hz)) - db(powerAt(y, RATE / 2, hz))).as(hz + " Hz").isGreaterThanOrEqualTo(20);
    }
  }

  @Test
  void aToneBelowTheSearchRangeOrAGlideIsLeftAlone() {
    float[] low = tone(250, 2, 0.05); // under 400 Hz: a hum or a voice's pitch, not an alarm
    AlarmToneNotch a = new AlarmToneNotch(new double[0], RATE);
    assertThat(same(run(a, low), low)).isTrue();
    // a whistle gliding 1000 -> 1240 Hz in 2 s (12% a second, two semitones: slow for a voice); a
    // glide slower than about 4% a second counts as steady
    float[] glide = new float[2 * RATE];
    double phase = 0;
    for (int i = 0; i < glide.length; i++) {
      phase += 2 * Math.PI * (1000 + 120.0 * i / RATE) / RATE;
      glide[i] = (float) (0.05 * Math.sin(phase));
    }
    AlarmToneNotch b = new AlarmToneNotch(new double[0], RATE);
    assertThat(same(run(b, glide), glide)).as("the glide passes untouched").isTrue();
  }

  /**
   * Real speech, two synthetic voices the finder was not tuned on (Debian's flite and espeak-ng),
   * resampled to 48 kHz by sox: no tone is found in it, so it passes bit for bit.
   */
  @Test
  void realSpeechFromTwoVoicesIsNeverNotched(@TempDir Path dir) throws Exception {
    String text = "The patient reports chest pain since this morning. Blood pressure is one hundred and forty"
        + " over ninety. Please increase the oxygen to two litres and repeat the troponin in six hours.";
    for (String voice : new String[] {"flite", "espeak"}) {
      float[] x = speech48k(voice, text, dir);
      AlarmToneNotch n = new AlarmToneNotch(new double[0], RATE);
      float[] y = run(n, x);
      assertThat(n.frequencies()).as("tones found in %s speech", voice).isEmpty();
      assertThat(same(y, x)).as("%s speech passes bit for bit", voice).isTrue();
    }
  }

  private static boolean same(float[] a, float[] b) {
    return java.util.Arrays.equals(a, b);
  }

  /** A sentence said by {@code voice} ({@code flite} or {@code espeak}), as 48 kHz samples. */
  static float[] speech48k(String voice, String text, Path dir) throws Exception {
    Path raw = dir.resolve(voice + ".wav");
    Path wav = dir.resolve(voice + "-48k.wav");
    List<String> say = voice.equals("flite")
        ? List.of("/usr/bin/flite", "-voice", "slt", "-t", text, "-o", raw.toString())
        : List.of("/usr/bin/espeak-ng", "-w", raw.toString(), text);
    boolean have = Files.isExecutable(Path.of(say.get(0))) && Files.isExecutable(Path.of("/usr/bin/sox"));
    if (!have && "true".equals(System.getenv("CI"))) throw new AssertionError(say.get(0) + " or sox is missing");
    Assumptions.assumeTrue(have, say.get(0) + " or sox is not installed");
    exec(say);
    exec(List.of("/usr/bin/sox", raw.toString(), "-r", "48000", "-c", "1", "-b", "16", wav.toString()));
    return WavFiles.read(wav);
  }

  private static void exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
  }
}
