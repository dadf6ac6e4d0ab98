package org.telerounds.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.Test;

class OpusCodecTest {
  private static float[] sine(int frame) {
    float[] f = new float[Pcm.FRAME_SAMPLES];
    for (int i = 0; i < f.length; i++) f[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * (frame * 960 + i) / 48000.0));
    return f;
  }

  /**
   * Encodes 1 s of a 440 Hz sine with one library, decodes with the other, and returns the share
   * of the decoded power (after 200 ms) at 440 Hz; also checks the level survives within 3 dB.
   * (Opus in voice mode does not keep the waveform sample for sample, so this is not an SNR.)
   */
  private static double roundTripToneShare(OpusLibrary encLib, OpusLibrary decLib) {
    try (OpusFrameEncoder enc = new OpusFrameEncoder(32000, 3, encLib);
         OpusStreamDecoder dec = new OpusStreamDecoder(0, 10, decLib)) {
      float[] out = new float[Pcm.FRAME_SAMPLES];
      double c = 2 * Math.cos(2 * Math.PI * 440 / 48000.0), s1 = 0, s2 = 0, power = 0;
      int n = 0;
      for (int s = 0; s < 50; s++) {
        dec.offer(s, enc.encode(sine(s)));
        assertThat(dec.nextFrame(out)).isEqualTo(FrameSource.DECODED);
        if (s < 10) continue;
        for (float v : out) {
          double s0 = v + c * s1 - s2; s2 = s1; s1 = s0;
          power += v * v;
          n++;
        }
      }
      double rmsDb = 10 * Math.log10(power / n), refDb = 10 * Math.log10(0.2 * 0.2 / 2);
      assertThat(Math.abs(rmsDb - refDb)).isLessThan(3);
      double tone = 2 * (s1 * s1 + s2 * s2 - c * s1 * s2) / ((double) n * n);
      return tone / (power / n);
    }
  }

  @Test
  void concentusRoundTripsASine() {
    assertThat(roundTripToneShare(OpusLibrary.CONCENTUS, OpusLibrary.CONCENTUS)).isGreaterThan(0.9);
  }

  @Test
  void nativeLibopusRoundTripsAndInteroperatesWithConcentus() {
    assumeThat(OpusLibrary.AUTO.usesNative()).as("system libopus (Debian libopus0) installed").isTrue();
    assertThat(roundTripToneShare(OpusLibrary.AUTO, OpusLibrary.AUTO)).isGreaterThan(0.9);
    assertThat(roundTripToneShare(OpusLibrary.AUTO, OpusLibrary.CONCENTUS)).isGreaterThan(0.9);
    assertThat(roundTripToneShare(OpusLibrary.CONCENTUS, OpusLibrary.AUTO)).isGreaterThan(0.9);
  }

  @Test
  void nativeDecoderUsesFecAndPlcForAMissingFrameAndIsUnusableAfterClose() {
    assumeThat(OpusLibrary.AUTO.usesNative()).as("system libopus (Debian libopus0) installed").isTrue();
    OpusStreamDecoder dec = new OpusStreamDecoder(1, 10, OpusLibrary.AUTO);
    try (OpusFrameEncoder enc = new OpusFrameEncoder(32000, 5, OpusLibrary.AUTO)) {
      for (int s = 0; s < 6; s++) {
        byte[] pkt = enc.encode(sine(s));
        if (s != 3) dec.offer(s, pkt);
      }
    }
    float[] out = new float[Pcm.FRAME_SAMPLES];
    FrameSource[] got = new FrameSource[6];
    for (int s = 0; s < 6; s++) got[s] = dec.nextFrame(out);
    assertThat(got[0]).isEqualTo(FrameSource.DECODED);
    assertThat(got[3]).isEqualTo(FrameSource.FEC);
    assertThat(got[5]).isEqualTo(FrameSource.DECODED);
    assertThat(dec.nextFrame(out)).isEqualTo(FrameSource.PLC);
    dec.close();
    dec.close(); // idempotent
    dec.offer(7, new byte[] {0x08});
    assertThat(dec.nextFrame(out)).isIn(FrameSource.PLC, FrameSource.SILENCE); // freed: silence, no crash
  }

  @Test
  void libraryNamesRoundTrip() {
    for (OpusLibrary l : OpusLibrary.values()) assertThat(OpusLibrary.fromWire(l.wireName())).contains(l);
    assertThat(OpusLibrary.fromWire("libopus")).isEmpty();
    assertThat(OpusLibrary.CONCENTUS.usesNative()).isFalse();
  }
}
