package org.telerounds.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeaderExtensionRewriterTest {
  private static final byte[] PAYLOAD = {9, 8, 7, 6, 5};

  /** V=2, PT 96, seq 1, ts 2, ssrc 3, the given extension block (null: none), the payload. */
  private static byte[] packet(byte[] block) {
    byte[] b = new byte[12 + (block == null ? 0 : block.length) + PAYLOAD.length];
    b[0] = (byte) (block == null ? 0x80 : 0x90);
    b[1] = 96;
    b[3] = 1;
    b[7] = 2;
    b[11] = 3;
    if (block != null) System.arraycopy(block, 0, b, 12, block.length);
    System.arraycopy(PAYLOAD, 0, b, b.length - PAYLOAD.length, PAYLOAD.length);
    return b;
  }

  private static byte[] rewrite(byte[] src, byte[] idMap, int extraId, int extra) {
    byte[] dst = new byte[src.length + HeaderExtensionRewriter.MAX_GROWTH];
    int n = HeaderExtensionRewriter.rewrite(src, 0, src.length, idMap, extraId, extra, dst, 0);
    assertThat(n).isPositive();
    return Arrays.copyOf(dst, n);
  }

  @Test
  void keepsMappedElementsUnderTheReceiversIdsDropsTheRestAndAppendsTheSequence() {
    // Chrome-like: id 1 audio level (1 byte), id 3 transport-cc (2 bytes), id 4 mid "0" (1 byte)
    byte[] src = packet(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 2, 0x10, (byte) 0x85, 0x31, 0x12, 0x34, 0x40, '0', 0});
    byte[] map = new byte[15];
    map[1] = 5; // audio level -> receiver's 5; 3 and 4 unmapped
    byte[] out = rewrite(src, map, 3, 0xABCD);
    assertThat(out.length).isEqualTo(12 + 4 + 8 + PAYLOAD.length);
    assertThat(RtpHeader.headerLength(out, 0, out.length)).isEqualTo(24);
    int level = RtpHeader.findExtension(out, 0, out.length, 5);
    assertThat(out[level] & 0xFF).isEqualTo(0x85);
    int seq = RtpHeader.findExtension(out, 0, out.length, 3);
    assertThat(RtpHeader.extensionLength(out, 0, out.length, 3)).isEqualTo(2);
    assertThat(((out[seq] & 0xFF) << 8) | (out[seq + 1] & 0xFF)).isEqualTo(0xABCD);
    assertThat(RtpHeader.findExtension(out, 0, out.length, 4)).as("the sender's mid is gone").isNegative();
    assertThat(Arrays.copyOfRange(out, out.length - PAYLOAD.length, out.length)).isEqualTo(PAYLOAD);
    assertThat(RtpHeader.sequenceNumber(out, 0, out.length)).isEqualTo(1);
  }

  @Test
  void aPacketWithoutABlockGetsOneAndWithNothingToWriteLosesIt() {
    byte[] plain = packet(null);
    byte[] stamped = rewrite(plain, new byte[15], 3, 7);
    assertThat(stamped.length).isEqualTo(plain.length + HeaderExtensionRewriter.MAX_GROWTH);
    assertThat(RtpHeader.extensionLength(stamped, 0, stamped.length, 3)).isEqualTo(2);
    byte[] src = packet(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 1, 0x40, '0', 0, 0});
    byte[] bare = rewrite(src, new byte[15], 0, 0);
    assertThat(bare).isEqualTo(plain);
  }

  @Test
  void twoByteFormElementsAreConvertedWhenTheyFit() {
    byte[] src = packet(new byte[] {0x10, 0x00, 0, 2, 7, 2, 0x55, 0x66, 9, 0, 0, 0});
    byte[] map = new byte[15];
    map[7] = 2;
    map[9] = 4; // a zero-length element: the one-byte form cannot hold it
    byte[] out = rewrite(src, map, 0, 0);
    int e = RtpHeader.findExtension(out, 0, out.length, 2);
    assertThat(RtpHeader.extensionLength(out, 0, out.length, 2)).isEqualTo(2);
    assertThat(out[e]).isEqualTo((byte) 0x55);
    assertThat(RtpHeader.findExtension(out, 0, out.length, 4)).isNegative();
  }

  @Test
  void garbageNeverThrowsAndNeverWritesPastTheBound() {
    Random r = new Random(3);
    byte[] map = new byte[256];
    for (int i = 0; i < map.length; i++) map[i] = (byte) r.nextInt(16);
    for (int round = 0; round < 20_000; round++) {
      byte[] src = new byte[12 + r.nextInt(80)];
      r.nextBytes(src);
      src[0] = (byte) (0x80 | (src[0] & 0x3F));
      if (r.nextBoolean()) { src[12 % src.length] = (byte) 0xBE; src[13 % src.length] = (byte) 0xDE; }
      byte[] dst = new byte[src.length + HeaderExtensionRewriter.MAX_GROWTH];
      int n = HeaderExtensionRewriter.rewrite(src, 0, src.length, map, 1 + r.nextInt(14), r.nextInt(65536), dst, 0);
      if (n >= 0) assertThat(RtpHeader.headerLength(dst, 0, n)).isPositive();
    }
  }
}
