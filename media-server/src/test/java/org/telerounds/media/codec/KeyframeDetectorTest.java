package org.telerounds.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.rtp.Fixtures;

/** Keyframe starts in real packetizer output (fixtures/video, aiortc over libvpx and x264). */
class KeyframeDetectorTest {
  private static final KeyframeDetector VP8 = KeyframeDetector.forCodec("VP8").orElseThrow();
  private static final KeyframeDetector H264 = KeyframeDetector.forCodec("h264").orElseThrow();

  private static boolean starts(KeyframeDetector d, String fixture) {
    byte[] p = Fixtures.load("video/" + fixture);
    return d.startsKeyframe(p, 0, p.length);
  }

  @Test
  void vp8KeyframeStartsAtTheFirstPartitionOfAKeyframe() {
    assertThat(starts(VP8, "aiortc_vp8_key_start")).isTrue();
    assertThat(starts(VP8, "aiortc_vp8_key_middle")).as("S=0: a later packet of the keyframe").isFalse();
    assertThat(starts(VP8, "aiortc_vp8_delta_start")).as("P=1: an interframe").isFalse();
    byte[] p = Fixtures.load("video/aiortc_vp8_key_start");
    assertThat(Vp8Payload.descriptorLength(p, 0, p.length)).isEqualTo(4); // X, I and a 15-bit PictureID
    byte[] otherPartition = p.clone();
    otherPartition[0] |= 0x01; // partition index 1
    assertThat(VP8.startsKeyframe(otherPartition, 0, p.length)).isFalse();
  }

  @Test
  void vp8WithoutExtensionsAndAtAnOffset() {
    byte[] p = Fixtures.load("video/aiortc_vp8_key_start");
    byte[] plain = new byte[p.length - 3];
    plain[0] = 0x10; // S=1, no X
    System.arraycopy(p, 4, plain, 1, p.length - 4);
    byte[] embedded = Fixtures.embed(plain, 7, 5, (byte) 0xFF);
    assertThat(VP8.startsKeyframe(embedded, 7, plain.length)).isTrue();
  }

  @Test
  void h264KeyframeStartsAtSpsOrIdrInEveryPacketization() {
    assertThat(starts(H264, "aiortc_h264_key_stap_a")).as("STAP-A with SPS and PPS").isTrue();
    assertThat(starts(H264, "aiortc_h264_key_fu_a_start")).as("FU-A start of an IDR slice").isTrue();
    assertThat(starts(H264, "aiortc_h264_key_fu_a_middle")).as("FU-A middle of an IDR slice").isFalse();
    assertThat(starts(H264, "aiortc_h264_delta_fu_a_start")).as("FU-A start of a non-IDR slice").isFalse();
    assertThat(starts(H264, "aiortc_h264_delta_single")).as("single NAL, non-IDR slice").isFalse();
    byte[] stap = Fixtures.load("video/aiortc_h264_key_stap_a");
    byte[] sps = java.util.Arrays.copyOfRange(stap, 3, 3 + 23);
    assertThat(H264.startsKeyframe(sps, 0, sps.length)).as("SPS as a single NAL unit").isTrue();
    byte[] idr = {0x65, (byte) 0x88, (byte) 0x84};
    assertThat(H264.startsKeyframe(idr, 0, idr.length)).as("IDR slice as a single NAL unit").isTrue();
    byte[] ppsOnly = {0x18, 0x00, 0x04, 0x68, (byte) 0xcb, (byte) 0x8c, (byte) 0xb2};
    assertThat(H264.startsKeyframe(ppsOnly, 0, ppsOnly.length)).as("STAP-A with only a PPS").isFalse();
  }

  @Test
  void otherCodecsHaveNoDetector() {
    assertThat(KeyframeDetector.forCodec("opus")).isEmpty();
    assertThat(KeyframeDetector.forCodec("VP9")).isEmpty();
  }

  @Test
  void truncatedAndMutatedPayloadsNeverThrow() {
    for (String f : List.of("aiortc_vp8_key_start", "aiortc_h264_key_stap_a", "aiortc_h264_key_fu_a_start")) {
      byte[] p = Fixtures.load("video/" + f);
      for (int len = 0; len <= p.length; len++) {
        int n = len;
        assertThatCode(() -> {
          VP8.startsKeyframe(p, 0, n);
          H264.startsKeyframe(p, 0, n);
        }).doesNotThrowAnyException();
      }
      for (int i = 0; i < p.length; i++) {
        byte[] m = p.clone();
        m[i] ^= (byte) 0xFF;
        assertThatCode(() -> {
          VP8.startsKeyframe(m, 0, m.length);
          H264.startsKeyframe(m, 0, m.length);
        }).doesNotThrowAnyException();
      }
    }
    byte[] tiny = {(byte) 0x90};
    assertThat(VP8.startsKeyframe(tiny, 0, 1)).isFalse();
    assertThat(H264.startsKeyframe(new byte[] {0x7c}, 0, 1)).isFalse();
  }
}
