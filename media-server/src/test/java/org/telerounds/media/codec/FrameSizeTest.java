package org.telerounds.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Sizes read from real encoder output: SPS units and a VP8 keyframe header that ffmpeg (libx264,
 * libvpx) wrote for the sizes named, then truncated and random bytes, which give -1 and never throw.
 */
class FrameSizeTest {
  @ParameterizedTest
  @CsvSource({
      "6742c00bd901419f9f011000000300100000030020f142a480, 320, 180", // baseline, cropped
      "674d4016eca05017fcb80880000003008000000301078b16cb, 640, 360", // main
      "6764001facd9405005bb011000000300100000030020f1831960, 1280, 720", // high
      "67640028acd940780227e5c044000003000400000300083c60c658, 1920, 1080", // high, cropped 1088 -> 1080
      "6742c015d901b1fe4f011000000300100000030020f162e480, 426, 240", // baseline, odd width
      "67f40016919b281407b6022000000300200000030041e2c5b2c0, 640, 480", // high 4:4:4
  })
  void h264SpsAlone(String hex, int w, int h) {
    byte[] sps = HexFormat.of().parseHex(hex);
    int size = FrameSize.h264(sps, 0, sps.length);
    assertThat(FrameSize.width(size)).isEqualTo(w);
    assertThat(FrameSize.height(size)).isEqualTo(h);
  }

  @Test
  void h264SpsInsideAStapA() {
    byte[] sps = HexFormat.of().parseHex("6764001facd9405005bb011000000300100000030020f1831960");
    byte[] pps = HexFormat.of().parseHex("68ebe3cb22c0");
    byte[] stap = new byte[1 + 2 + sps.length + 2 + pps.length + 4];
    stap[0] = 24;
    stap[2] = (byte) sps.length;
    System.arraycopy(sps, 0, stap, 3, sps.length);
    stap[3 + sps.length + 1] = (byte) pps.length;
    System.arraycopy(pps, 0, stap, 5 + sps.length, pps.length);
    byte[] shifted = new byte[stap.length + 7];
    System.arraycopy(stap, 0, shifted, 7, stap.length);
    assertThat(FrameSize.h264(shifted, 7, stap.length)).isEqualTo(1280 << 16 | 720);
    assertThat(FrameSize.of("H264", shifted, 7, stap.length)).isEqualTo(1280 << 16 | 720);
  }

  @Test
  void vp8KeyframeHeaderBehindItsDescriptor() {
    byte[] frame = HexFormat.of().parseHex("7093009d012a80026801");
    byte[] payload = new byte[4 + frame.length];
    payload[0] = (byte) 0x90; // X=1, S=1, PID=0
    payload[1] = (byte) 0x80; // I: picture id follows
    payload[2] = (byte) 0x81; // 15-bit picture id
    payload[3] = 0x23;
    System.arraycopy(frame, 0, payload, 4, frame.length);
    int size = FrameSize.vp8(payload, 0, payload.length);
    assertThat(FrameSize.width(size)).isEqualTo(640);
    assertThat(FrameSize.height(size)).isEqualTo(360);
    payload[4] |= 1; // an interframe announces no size
    assertThat(FrameSize.vp8(payload, 0, payload.length)).isEqualTo(-1);
  }

  @Test
  void truncatedAndRandomPayloadsGiveNoSizeAndNeverThrow() {
    byte[] sps = HexFormat.of().parseHex("67640028acd940780227e5c044000003000400000300083c60c658");
    for (int n = 0; n < sps.length; n++) { // a prefix gives no size, or (once the size fields fit) the right one
      assertThat(FrameSize.h264(sps, 0, n)).as("first %d bytes", n).isIn(-1, 1920 << 16 | 1080);
    }
    assertThat(FrameSize.h264(sps, 0, 6)).isEqualTo(-1);
    Random r = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[r.nextInt(64)];
      r.nextBytes(b);
      if (b.length > 0 && r.nextBoolean()) b[0] = (byte) (r.nextBoolean() ? 0x67 : 24);
      int size = FrameSize.of(r.nextBoolean() ? "VP8" : "H264", b, 0, b.length);
      assertThat(size == -1 || FrameSize.width(size) > 0 && FrameSize.height(size) > 0).isTrue();
    }
    assertThat(FrameSize.of("opus", sps, 0, sps.length)).isEqualTo(-1);
  }
}
