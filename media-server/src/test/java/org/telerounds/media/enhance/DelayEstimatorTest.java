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
