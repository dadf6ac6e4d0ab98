package org.telerounds.recorder.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.telerounds.media.codec.Vp8Payload;

class DepacketizerTest {
  static byte[] b(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
    return out;
  }

  @Test
  void vp8DescriptorLengthsFollowRfc7741() {
    assertThat(Vp8Payload.descriptorLength(b(0x10, 0xAA), 0, 2)).isEqualTo(1);
    // X, then I with a 15-bit PictureID (M set), L and T/K
    assertThat(Vp8Payload.descriptorLength(b(0x90, 0xE0, 0x80, 0x01, 0x05, 0x20, 0xAA), 0, 7)).isEqualTo(6);
    // X, I with a 7-bit PictureID
    assertThat(Vp8Payload.descriptorLength(b(0x90, 0x80, 0x05, 0xAA), 0, 4)).isEqualTo(3);
    assertThat(Vp8Payload.descriptorLength(b(0x90), 0, 1)).isEqualTo(-1);
  }

  @Test
  void vp8FramesAreJoinedAtTheMarkerAndKeyframesKnown() {
    Depacketizer d = new Vp8Depacketizer();
    byte[] key = b(0x10, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xF0, 0x00, 0x11);
    assertThat(d.add(key, 0, key.length, 1000, false, true)).isNull();
    Depacketizer.Frame f = d.add(b(0x00, 0x22, 0x33), 0, 3, 1000, true, true);
    assertThat(f.keyframe()).isTrue();
    assertThat(f.data()).containsExactly(0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xF0, 0x00, 0x11, 0x22, 0x33);
    assertThat(Vp8Depacketizer.keyframeSize(f.data(), 0, f.data().length)).containsExactly(320, 240);
  }

  @Test
  void aFrameWithALostPacketIsDropped() {
    Depacketizer d = new Vp8Depacketizer();
    d.add(b(0x10, 0x01, 0x02), 0, 3, 2000, false, true);
    assertThat(d.add(b(0x00, 0x03), 0, 2, 2000, true, false)).isNull();
    assertThat(d.add(b(0x10, 0x01, 0x05), 0, 3, 3000, true, true)).isNotNull();
  }

  @Test
  void h264StapAAndFuAAreRebuiltAsAnnexB() {
    Depacketizer d = new H264Depacketizer();
    // STAP-A with SPS (type 7) and PPS (type 8)
    assertThat(d.add(b(0x18, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xCE), 0, 9, 90, false, true)).isNull();
    // FU-A: an IDR slice (type 5) in two fragments
    assertThat(d.add(b(0x7C, 0x85, 0xAA, 0xBB), 0, 4, 90, false, true)).isNull();
    Depacketizer.Frame f = d.add(b(0x7C, 0x45, 0xCC), 0, 3, 90, true, true);
    assertThat(f.keyframe()).isTrue();
    assertThat(f.data()).containsExactly(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, 0xAA, 0xBB,
        0xCC);
    Depacketizer.Frame p = d.add(b(0x41, 0x9A), 0, 2, 180, true, true);
    assertThat(p.keyframe()).isFalse();
    assertThat(d.add(b(0x18, 0x00, 0x09, 0x67), 0, 4, 270, true, true)).as("a STAP-A that overruns").isNull();
  }

  @Test
  void opusPacketDurationsComeFromTheToc() {
    assertThat(OpusPackets.samples(b(0xF8, 0, 0), 0, 3)).isEqualTo(960); // CELT FB 20 ms, 1 frame
    assertThat(OpusPackets.samples(b(0x78, 0), 0, 2)).isEqualTo(960); // hybrid 20 ms
    assertThat(OpusPackets.samples(b(0x1B, 0x03), 0, 2)).isEqualTo(2880 * 3); // SILK NB 60 ms, code 3, 3 frames
    assertThat(OpusPackets.samples(b(0xF9, 0, 0), 0, 3)).isEqualTo(1920); // 2 frames
  }
}
