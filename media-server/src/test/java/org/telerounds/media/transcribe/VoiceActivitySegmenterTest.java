package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceActivitySegmenterTest {
  /** Records starts, frames and ends as sample positions. */
  static final class Events implements VoiceActivitySegmenter.Sink {
    final List<long[]> utterances = new ArrayList<>(); // {first, end, keep, frames}
    long first;
    int frames;

    @Override
    public void speechStart(long firstSample, short[] preRoll, int preRollLen) {
      first = firstSample;
      frames = preRollLen / VoiceActivitySegmenter.FRAME;
    }

    @Override
    public void speech(short[] frame, int off) {
      frames++;
    }

    @Override
    public void speechEnd(long endSample, boolean keep) {
      utterances.add(new long[] {first, endSample, keep ? 1 : 0, frames});
    }
  }

  static Events run(short[] pcm) {
    VoiceActivitySegmenter v = TranscriptionConfigTest.defaults().newSegmenter();
    Events e = new Events();
    for (int i = 0; i + 160 <= pcm.length; i += 160) {
      v.process(pcm, i, e);
    }
    v.flush(e);
    return e;
  }

  static short[] noise(int ms, double amp, long seed) {
    java.util.Random r = new java.util.Random(seed);
    short[] s = new short[ms * 16];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) (r.nextGaussian() * amp);
    }
    return s;
  }

  static short[] plus(short[] a, short[] b) {
    short[] s = a.clone();
    for (int i = 0; i < s.length; i++) {
      s[i] = Downsampler.clip(a[i] + b[i]);
    }
    return s;
  }

  @Test
  void findsBurstsInSteadyNoiseWithPreRollAndTimelyEnd() {
    short[] tone = DownsamplerTest.tone(300, 16000, 16000, 6000); // 1 s, ~+20 dB over the noise
    short[] pcm = plus(Speech.concat(new short[16000], tone, new short[16000], tone, new short[24000]),
        noise(5500, 300, 1));
    Events e = run(pcm);
    assertThat(e.utterances).hasSize(2);
    long[] u = e.utterances.get(0);
    // tone from sample 16000 to 32000: start = onset minus pre-roll, end = end of the last voiced frame
    assertThat(u[0]).isBetween(16000L - 300 * 16 - 160, 16000L - 300 * 16 + 480);
    assertThat(u[1]).isBetween(32000L - 160, 32000L + 320);
    assertThat(u[2]).isEqualTo(1);
    // the utterance is ended 500 ms (trailing silence) after the last voiced frame, not later
    assertThat(u[3] * 160 + u[0]).isBetween(u[1] + 500 * 16 - 160, u[1] + 500 * 16 + 160);
  }

  @Test
  void shortBeepIsDiscarded() {
    short[] beep = DownsamplerTest.tone(1000, 16000, 16000 * 150 / 1000, 6000);
    Events e = run(Speech.concat(new short[8000], beep, new short[16000]));
    assertThat(e.utterances).hasSize(1);
    assertThat(e.utterances.get(0)[2]).as("kept").isZero();
  }

  @Test
  void silenceGivesNothing() {
    assertThat(run(noise(3000, 200, 2)).utterances).isEmpty();
  }

  /**
   * A whisper well below the old absolute floor of -55 dBFS, in a quiet room (-80 dBFS noise), is
   * speech: it stands out from the noise. (With that floor it gave no utterance at all.)
   */
  @Test
  void aWhisperInAQuietRoomIsSpeechWhateverItsAbsoluteLevel() {
    short[] whisper = DownsamplerTest.tone(300, 16000, 16000, 25); // about -62 dBFS
    short[] pcm = plus(Speech.concat(new short[16000], whisper, new short[16000]), noise(3000, 2, 3));
    Events e = run(pcm);
    assertThat(e.utterances).hasSize(1);
    assertThat(e.utterances.get(0)[2]).as("kept").isEqualTo(1);
  }

  /** Digital silence with a stray click or dither now and then is not speech. */
  @Test
  void digitalSilenceWithStrayLsbsIsNotSpeech() {
    short[] pcm = new short[16000 * 3];
    for (int i = 0; i < pcm.length; i += 997) pcm[i] = 1;
    assertThat(run(pcm).utterances.stream().filter(u -> u[2] == 1)).isEmpty();
  }
}
