package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownsamplerTest {
  static short[] tone(double hz, int rate, int n, double amp) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) Math.round(amp * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return s;
  }

  static double rms(short[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  static short[] run(short[] in, int frame) {
    Downsampler d = new Downsampler(3);
    short[] out = new short[in.length / 3 + 1];
    int n = 0;
    for (int i = 0; i < in.length; i += frame) {
      n += d.process(in, i, Math.min(frame, in.length - i), out, n);
    }
    return java.util.Arrays.copyOf(out, n);
  }

  @Test
  void keepsSpeechBandAndRejectsAliases() {
    short[] pass = run(tone(1000, 48000, 48000, 10000), 960);
    assertThat(pass).hasSize(16000);
    assertThat(rms(pass, 1000, 15000) / (10000 / Math.sqrt(2))).isBetween(0.97, 1.03);
    // 12 kHz would alias to 4 kHz at 16 kHz: it must be gone (> 60 dB down)
    short[] alias = run(tone(12000, 48000, 48000, 10000), 960);
    assertThat(20 * Math.log10(rms(alias, 1000, 15000) / (10000 / Math.sqrt(2)))).isLessThan(-60);
  }

  /** Flat to 7.5 kHz (the top of the recogniser's band at 16 kHz), and what would fold back onto it is gone. */
  @Test
  void flatTo7500HzAndNothingFoldsOntoTheSpeechBand() {
    for (int hz : new int[] {300, 3400, 6000, 7000, 7500}) {
      short[] out = run(tone(hz, 48000, 48000, 10000), 960);
      double db = 20 * Math.log10(rms(out, 1000, 15000) / (10000 / Math.sqrt(2)));
      assertThat(db).as("gain at %d Hz", hz).isBetween(-0.5, 0.5);
    }
    for (int hz : new int[] {8500, 9000, 10000, 15000}) {
      short[] out = run(tone(hz, 48000, 48000, 10000), 960);
      double db = 20 * Math.log10(rms(out, 1000, 15000) / (10000 / Math.sqrt(2)));
      assertThat(db).as("%d Hz, which would fold to %d Hz", hz, 16000 - hz).isLessThan(-60);
    }
  }

  @Test
  void frameSizeDoesNotChangeTheOutput() {
    short[] in = tone(440, 48000, 9600, 8000);
    assertThat(run(in, 960)).containsExactly(run(in, 7));
  }

  @Test
  void fileResamplerKeepsSpeechBandAt44k() {
    short[] out = WavReader.to16k(tone(3000, 44100, 44100, 10000), 44100);
    assertThat(out.length).isBetween(15999, 16001);
    assertThat(rms(out, 1000, 15000) / (10000 / Math.sqrt(2))).isBetween(0.95, 1.05);
    short[] alias = WavReader.to16k(tone(12000, 44100, 44100, 10000), 44100);
    assertThat(20 * Math.log10(rms(alias, 1000, 15000) / (10000 / Math.sqrt(2)))).isLessThan(-40);
  }
}
