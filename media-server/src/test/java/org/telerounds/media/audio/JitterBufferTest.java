package org.telerounds.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterBufferTest {
  private static byte[] p(int i) { return new byte[] {(byte) i}; }

  @Test
  void reordersAndStartsAfterTheTargetDepth() {
    JitterBuffer b = new JitterBuffer(1, 8);
    b.offer(101, p(101));
    assertThat(b.poll()).isNull();
    assertThat(b.isPlaying()).isFalse();
    b.offer(100, p(100));
    assertThat(b.poll()).containsExactly((byte) 100);
    assertThat(b.poll()).containsExactly((byte) 101);
  }

  @Test
  void lossGivesNullAndLatePacketsAreDropped() {
    JitterBuffer b = new JitterBuffer(0, 8);
    b.offer(65535, p(1));
    assertThat(b.poll()).containsExactly((byte) 1);
    b.offer(1, p(3)); // 0 is lost, across the wrap
    assertThat(b.peekNext()).isNull();
    assertThat(b.poll()).isNull();
    b.offer(0, p(2)); // now too late
    assertThat(b.late()).isEqualTo(1);
    assertThat(b.poll()).containsExactly((byte) 3);
  }

  @Test
  void runningDryWaitsInsteadOfMakingTheNextPacketLate() {
    JitterBuffer b = new JitterBuffer(1, 8);
    b.offer(10, p(10));
    b.offer(11, p(11));
    assertThat(b.poll()).containsExactly((byte) 10);
    assertThat(b.poll()).containsExactly((byte) 11);
    assertThat(b.poll()).isNull(); // the reader ran ahead (e.g. a burst of catch-up ticks)
    assertThat(b.poll()).isNull();
    b.offer(12, p(12));
    assertThat(b.late()).isZero();
    assertThat(b.underruns()).isEqualTo(2);
    assertThat(b.poll()).containsExactly((byte) 12);
  }

  @Test
  void overflowSkipsTheOldest() {
    JitterBuffer b = new JitterBuffer(0, 4);
    for (int s = 0; s < 10; s++) b.offer(s, p(s));
    assertThat(b.overflowSkips()).isEqualTo(6);
    assertThat(b.poll()).containsExactly((byte) 6);
  }

  @Test
  void decoderConcealsAMissingFrameAndUsesFecWhenTheNextPacketIsThere() {
    OpusFrameEncoder enc = new OpusFrameEncoder(32000, 5);
    OpusStreamDecoder dec = new OpusStreamDecoder(1, 10);
    float[] f = new float[Pcm.FRAME_SAMPLES];
    for (int i = 0; i < f.length; i++) f[i] = (float) (0.1 * Math.sin(i * 0.05));
    float[] out = new float[Pcm.FRAME_SAMPLES];
    assertThat(dec.nextFrame(out)).isEqualTo(FrameSource.SILENCE);
    for (int s = 0; s < 6; s++) {
      byte[] pkt = enc.encode(f);
      if (s != 3) dec.offer(s, pkt);
    }
    FrameSource[] got = new FrameSource[6];
    for (int s = 0; s < 6; s++) got[s] = dec.nextFrame(out);
    assertThat(got[0]).isEqualTo(FrameSource.DECODED);
    assertThat(got[3]).isIn(FrameSource.FEC, FrameSource.PLC);
    assertThat(got[5]).isEqualTo(FrameSource.DECODED);
    assertThat(dec.nextFrame(out)).isEqualTo(FrameSource.PLC);
  }
}
