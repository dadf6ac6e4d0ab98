package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Monitor tones through the whole enhancement (issue 13): real speech (flite, not what the finder
 * was tuned on) with beeps at frequencies nobody configured, through the default preset's notch,
 * noise suppression, gain and limiter. However much the gain lifts the speech, each beep must
 * come out at least 10 dB below where it went in: the enhancement never makes an alarm louder.
 */
class TonesThroughThePipelineTest {
  private static final int RATE = 48000;
  private static final int N = 960;

  @ParameterizedTest(name = "{0} Hz beeps, speech at {1} dBFS")
  @CsvSource({"650, -30", "1400, -30", "2600, -30", "1400, -45", "2600, -20"})
  void beepsComeOutAtLeast10DbBelowTheirInput(double hz, double speechDbfs, @TempDir Path dir) throws Exception {
    float[] speech = AlarmToneNotchTest.speech48k("flite",
        "The patient is comfortable. Her saturation is ninety six percent on room air. We will review the"
        + " chest film after lunch and call the family this afternoon.", dir);
    scaleToDbfs(speech, speechDbfs);
    float[] x = speech.clone();
    for (int i = 0; i < x.length; i++) { // 200 ms on, 300 ms off, 10 dB below the speech
      double t = (double) i / RATE;
      if (t % 0.5 < 0.2) x[i] += (float) (Math.pow(10, (speechDbfs - 10) / 20) * Math.sqrt(2) * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    float[] y = new float[x.length];
    EnhancementConfig c = EnhancementConfig.defaults();
    try (EnhancementPipeline p = new EnhancementPipeline(c.defaultPreset(), c.maxMicDelayMs(), new double[0])) {
      float[] in = new float[N];
      float[] out = new float[N];
      for (int off = 0; off + N <= x.length; off += N) {
        System.arraycopy(x, off, in, 0, N);
        p.process(in, null, out);
        System.arraycopy(out, 0, y, off, N);
      }
    }
    int from = RATE; // after the first beeps
    double cut = db(powerAt(x, from, hz)) - db(powerAt(y, from, hz));
    double speechGain = db(bandPower(y, from, hz)) - db(bandPower(x, from, hz));
    System.out.printf("TONES %.0f Hz beeps with speech at %.0f dBFS: beeps %.1f dB down, the rest %+.1f dB%n", hz,
        speechDbfs, cut, speechGain);
    assertThat(cut).as("dB the beeps came down (the rest moved %+.1f dB)", speechGain).isGreaterThanOrEqualTo(10);
  }

  private static void scaleToDbfs(float[] x, double dbfs) {
    double e = 0;
    int active = 0;
    for (float v : x) {
      if (Math.abs(v) > 1e-3) {
        e += v * v;
        active++;
      }
    }
    double g = Math.pow(10, dbfs / 20) / Math.sqrt(e / Math.max(1, active));
    for (int i = 0; i < x.length; i++) x[i] *= (float) g;
  }

  /** Power of {@code x[from..)} at {@code hz} (Goertzel), as a sine's mean power. */
  static double powerAt(float[] x, int from, double hz) {
    double c = 2 * Math.cos(2 * Math.PI * hz / RATE), s1 = 0, s2 = 0;
    int n = x.length - from;
    for (int i = from; i < x.length; i++) { double s0 = x[i] + c * s1 - s2; s2 = s1; s1 = s0; }
    return 2 * (s1 * s1 + s2 * s2 - c * s1 * s2) / ((double) n * n);
  }

  /** Mean power of {@code x[from..)} (everything, the tone's share is small after the notch). */
  private static double bandPower(float[] x, int from, double hz) {
    double e = 0;
    for (int i = from; i < x.length; i++) e += x[i] * x[i];
    return e / (x.length - from);
  }

  private static double db(double p) { return 10 * Math.log10(p + 1e-30); }
}
