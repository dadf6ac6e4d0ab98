package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DelayEstimatorTest {
  private static final int FRAME = 960;

  private static double estimateMs(float[] patient, float[] room) {
    DelayEstimator d = new DelayEstimator(480, 4, 0.8);
    float[] p = new float[FRAME], r = new float[FRAME];
    for (int off = 0; off + FRAME <= patient.length; off += FRAME) {
      System.arraycopy(patient, off, p, 0, FRAME);
      System.arraycopy(room, off, r, 0, FRAME);
      d.push(p, r, FRAME);
    }
    assertThat(d.locked()).isTrue();
    return d.delaySamples() / 48.0;
  }

  @Test
  void recoversSevenPointThreeMillisecondsOnNoisySpeechWithinOneMillisecond() {
    float[] speech = TestSignals.speechLike(1, 3, 0.01);
    int d = (int) Math.round(7.3 * 48); // 350 samples = 7.29 ms
    float[] patient = TestSignals.plus(speech, TestSignals.whiteNoise(2, speech.length, 0.003));
    float[] room = TestSignals.plus(TestSignals.delayed(speech, d, 0.5), TestSignals.whiteNoise(3, speech.length, 0.005));
    assertThat(estimateMs(patient, room)).isCloseTo(7.3, within(1.0));
  }

  @Test
  void recoversDelayOfWhiteNoiseExactly() {
    float[] src = TestSignals.whiteNoise(4, 48000 * 2, 0.1);
    assertThat(estimateMs(src, TestSignals.delayed(src, 123, 0.7))).isCloseTo(123 / 48.0, within(0.05));
  }

  @Test
  void recoversNegativeDelayWhenTheRoomMicHearsFirst() {
    float[] speech = TestSignals.speechLike(5, 3, 0.05);
    float[] patient = TestSignals.delayed(speech, 200, 1.0);
    float[] room = TestSignals.plus(TestSignals.delayed(speech, 0, 0.6), TestSignals.whiteNoise(6, speech.length, 0.01));
    assertThat(estimateMs(patient, room)).isCloseTo(-200 / 48.0, within(1.0));
  }

  /** 100/200/300 Hz hum, the same in both mics (a ventilator on the cart), much louder than speech. */
  private static float[] hum(int n, double amp) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / 48000.0;
      x[i] = (float) (amp * (Math.sin(2 * Math.PI * 100 * t) + Math.sin(2 * Math.PI * 200 * t) + Math.sin(2 * Math.PI * 300 * t)));
    }
    return x;
  }

  @Test
  void bandLimitedEstimateIgnoresLoudCommonHumAndRecoversTheSpeechDelayWithinOneMillisecond() {
    float[] speech = TestSignals.speechLike(21, 4, 0.01);
    float[] h = hum(speech.length, 0.03); // ~10 dB above the speech, at zero lag in both mics
    int d = (int) Math.round(4.2 * 48);
    float[] patient = TestSignals.plus(TestSignals.plus(speech, h), TestSignals.whiteNoise(22, speech.length, 0.002));
    float[] room = TestSignals.plus(TestSignals.plus(TestSignals.delayed(speech, d, 0.5), h),
        TestSignals.whiteNoise(23, speech.length, 0.004));
    assertThat(estimateMs(patient, room)).isCloseTo(4.2, within(1.0));
  }

  @Test
  void heldDelayIgnoresNoiseOnlyStretchesAndMovesOnlyOnAConfirmedChange() {
    DelayEstimator d = new DelayEstimator(480, 4, 0.8);
    float[] p = new float[FRAME], r = new float[FRAME];
    float[] np = TestSignals.whiteNoise(31, 48000 * 2, 0.01), nr = TestSignals.whiteNoise(32, 48000 * 2, 0.01);
    for (int off = 0; off + FRAME <= np.length; off += FRAME) { // independent noises: no delay to find
      System.arraycopy(np, off, p, 0, FRAME);
      System.arraycopy(nr, off, r, 0, FRAME);
      d.push(p, r, FRAME);
    }
    assertThat(d.locked()).isFalse();
    assertThat(d.heldDelaySamples()).isZero();
    float[] src = TestSignals.whiteNoise(33, 48000 * 6, 0.1);
    float[] a = TestSignals.delayed(src, 150, 0.7), b = TestSignals.delayed(src, 300, 0.7);
    for (int off = 0; off + FRAME <= src.length; off += FRAME) {
      boolean second = off >= src.length / 2; // the room mic moves from 150 to 300 samples halfway
      System.arraycopy(src, off, p, 0, FRAME);
      System.arraycopy(second ? b : a, off, r, 0, FRAME);
      d.push(p, r, FRAME);
      if (off == src.length / 2 - FRAME) assertThat(d.heldDelaySamples()).isCloseTo(150, within(3.0));
    }
    assertThat(d.locked()).isTrue();
    assertThat(d.heldDelaySamples()).isCloseTo(300, within(3.0));
  }

  @Test
  void pipelineTracksTheDelayOfItsRoomMic() {
    float[] speech = TestSignals.speechLike(7, 3, 0.01);
    float[] patient = TestSignals.plus(speech, TestSignals.whiteNoise(8, speech.length, 0.002));
    float[] room = TestSignals.plus(TestSignals.delayed(speech, 250, 0.5), TestSignals.whiteNoise(9, speech.length, 0.004));
    try (EnhancementPipeline p = new EnhancementPipeline(EnhancementConfig.defaults().defaultPreset(), 10)) {
      float[] a = new float[FRAME], b = new float[FRAME];
      for (int off = 0; off + FRAME <= speech.length; off += FRAME) {
        System.arraycopy(patient, off, a, 0, FRAME);
        System.arraycopy(room, off, b, 0, FRAME);
        p.process(a, b);
      }
      assertThat(p.micDelayMs()).isCloseTo(250 / 48.0, within(1.0));
      assertThat(p.alignmentDelaySamples()).isBetween(250 - 48, 250 + 48);
    }
  }
}
