package org.telerounds.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Checks the in-place {@link RtpHeader} accessors, RFC 8285 extension lookup, MID reading and
 * setters against captured RTP fixtures (one-byte, two-byte, padding, CSRC) and invalid windows.
 */
class RtpHeaderTest {

  @Test
  void chromeOneByteExtensionPacketFields() {
    byte[] p = Fixtures.load("rtp/chrome_one_byte_ext_mid");
    int n = p.length;
    assertThat(RtpHeader.isRtp(p, 0, n)).isTrue();
    assertThat(RtpHeader.version(p, 0, n)).isEqualTo(2);
    assertThat(RtpHeader.hasPadding(p, 0, n)).isFalse();
    assertThat(RtpHeader.hasExtension(p, 0, n)).isTrue();
    assertThat(RtpHeader.csrcCount(p, 0, n)).isZero();
    assertThat(RtpHeader.marker(p, 0, n)).isTrue();
    assertThat(RtpHeader.payloadType(p, 0, n)).isEqualTo(45);
    assertThat(RtpHeader.sequenceNumber(p, 0, n)).isEqualTo(6612);
    assertThat(RtpHeader.timestamp(p, 0, n)).isEqualTo(3557156759L);
    assertThat(RtpHeader.ssrc(p, 0, n)).isEqualTo(0xf7b16e83L);
    assertThat(RtpHeader.headerLength(p, 0, n)).isEqualTo(48);
    assertThat(RtpHeader.paddingLength(p, 0, n)).isZero();
    assertThat(RtpHeader.payloadLength(p, 0, n)).isZero();
  }

  @Test
  void oneByteExtensionsAreLocatedWithAbsoluteOffsets() {
    byte[] p = Fixtures.load("rtp/chrome_one_byte_ext_mid");
    int[][] expected = {{2, 17, 3}, {4, 21, 2}, {9, 24, 1}, {3, 26, 1}, {6, 28, 1}, {7, 30, 13},
        {13, 44, 3}};
    for (int off : new int[] {0, 7}) {
      byte[] buf = Fixtures.embed(p, off, 5, (byte) 0x55);
      for (int[] e : expected) {
        assertThat(RtpHeader.findExtension(buf, off, p.length, e[0])).as("id %d", e[0])
            .isEqualTo(off + e[1]);
        assertThat(RtpHeader.extensionLength(buf, off, p.length, e[0])).isEqualTo(e[2]);
      }
      for (int missing : new int[] {0, 1, 5, 8, 14, 15, 16, 255, 256, -1}) {
        assertThat(RtpHeader.findExtension(buf, off, p.length, missing)).isEqualTo(-1);
        assertThat(RtpHeader.extensionLength(buf, off, p.length, missing)).isEqualTo(-1);
      }
    }
    assertThat(Arrays.copyOfRange(p, 17, 20)).containsExactly(0xea, 0x43, 0x2b);
    assertThat(RtpHeader.readMid(p, 0, p.length, 9)).isEqualTo("0");
    assertThat(RtpHeader.readMid(p, 0, p.length, 1)).isNull();
  }

  @Test
  void smallOneBytePacket() {
    byte[] p = Fixtures.load("rtp/chrome_one_byte_ext");
    assertThat(RtpHeader.sequenceNumber(p, 0, p.length)).isEqualTo(6751);
    assertThat(RtpHeader.timestamp(p, 0, p.length)).isEqualTo(3557360969L);
    assertThat(RtpHeader.marker(p, 0, p.length)).isFalse();
    assertThat(RtpHeader.headerLength(p, 0, p.length)).isEqualTo(28);
    assertThat(RtpHeader.findExtension(p, 0, p.length, 13)).isEqualTo(24);
    assertThat(RtpHeader.extensionLength(p, 0, p.length, 13)).isEqualTo(3);
    assertThat(RtpHeader.findExtension(p, 0, p.length, 9)).isEqualTo(-1);
  }

  @Test
  void twoByteExtensionsIncludingOneLongerThanSixteenBytes() {
    byte[] p = Fixtures.load("rtp/chrome_two_byte_ext");
    int n = p.length;
    assertThat(RtpHeader.isRtp(p, 0, n)).isTrue();
    assertThat(RtpHeader.sequenceNumber(p, 0, n)).isEqualTo(25029);
    assertThat(RtpHeader.timestamp(p, 0, n)).isEqualTo(2500464622L);
    assertThat(RtpHeader.ssrc(p, 0, n)).isEqualTo(0x8d3814e5L);
    assertThat(RtpHeader.headerLength(p, 0, n)).isEqualTo(84);
    int[][] expected = {{2, 18, 3}, {4, 23, 2}, {9, 27, 1}, {3, 30, 1}, {6, 33, 1}, {7, 36, 13},
        {13, 51, 33}};
    for (int[] e : expected) {
      assertThat(RtpHeader.findExtension(p, 0, n, e[0])).as("id %d", e[0]).isEqualTo(e[1]);
      assertThat(RtpHeader.extensionLength(p, 0, n, e[0])).isEqualTo(e[2]);
    }
    assertThat(p[51] & 0xFF).isEqualTo(0xc0);
    assertThat(p[83] & 0xFF).isEqualTo(0xf0);
    assertThat(RtpHeader.readMid(p, 0, n, 9)).isEqualTo("0");
    assertThat(RtpHeader.findExtension(p, 0, n, 200)).isEqualTo(-1);
  }

  @Test
  void paddingIsExcludedFromPayload() {
    byte[] p = Fixtures.load("rtp/imsmedia_padding");
    int n = p.length;
    assertThat(RtpHeader.hasPadding(p, 0, n)).isTrue();
    assertThat(RtpHeader.marker(p, 0, n)).isTrue();
    assertThat(RtpHeader.payloadType(p, 0, n)).isEqualTo(99);
    assertThat(RtpHeader.sequenceNumber(p, 0, n)).isEqualTo(42371);
    assertThat(RtpHeader.timestamp(p, 0, n)).isEqualTo(57800);
    assertThat(RtpHeader.ssrc(p, 0, n)).isEqualTo(0x927dcd02L);
    assertThat(RtpHeader.headerLength(p, 0, n)).isEqualTo(20);
    assertThat(RtpHeader.paddingLength(p, 0, n)).isEqualTo(2);
    assertThat(RtpHeader.payloadLength(p, 0, n)).isEqualTo(16);
    assertThat(RtpHeader.findExtension(p, 0, n, 4)).isEqualTo(17);
    assertThat(RtpHeader.extensionLength(p, 0, n, 4)).isEqualTo(2);
  }

  @Test
  void csrcsExtensionAndPadding() {
    byte[] p = Fixtures.load("rtp/libtins_csrc_ext_padding");
    int n = p.length;
    assertThat(RtpHeader.isRtp(p, 0, n)).isTrue();
    assertThat(RtpHeader.csrcCount(p, 0, n)).isEqualTo(5);
    assertThat(RtpHeader.marker(p, 0, n)).isTrue();
    assertThat(RtpHeader.payloadType(p, 0, n)).isEqualTo(42);
    assertThat(RtpHeader.sequenceNumber(p, 0, n)).isEqualTo(42000);
    assertThat(RtpHeader.timestamp(p, 0, n)).isEqualTo(0xdeadbeefL);
    assertThat(RtpHeader.ssrc(p, 0, n)).isEqualTo(0xabcdadbcL);
    assertThat(RtpHeader.headerLength(p, 0, n)).isEqualTo(44);
    assertThat(RtpHeader.paddingLength(p, 0, n)).isEqualTo(4);
    assertThat(RtpHeader.payloadLength(p, 0, n)).isEqualTo(12);
    // Profile 0x0101 is not an RFC 8285 block: no element can be found in it.
    assertThat(RtpHeader.findExtension(p, 0, n, 1)).isEqualTo(-1);
  }

  @Test
  void capturedCsrcHeaderWithoutItsExtensionIsRejectedButReadable() {
    byte[] p = Fixtures.load("rtp/imsmedia_csrc_header_only");
    int n = p.length;
    assertThat(RtpHeader.version(p, 0, n)).isEqualTo(2);
    assertThat(RtpHeader.csrcCount(p, 0, n)).isEqualTo(2);
    assertThat(RtpHeader.hasPadding(p, 0, n)).isTrue();
    assertThat(RtpHeader.hasExtension(p, 0, n)).isTrue();
    assertThat(RtpHeader.payloadType(p, 0, n)).isEqualTo(116);
    assertThat(RtpHeader.sequenceNumber(p, 0, n)).isEqualTo(7);
    assertThat(RtpHeader.timestamp(p, 0, n)).isEqualTo(14760);
    assertThat(RtpHeader.ssrc(p, 0, n)).isEqualTo(0x0934f0baL);
    assertThat(RtpHeader.headerLength(p, 0, n)).isEqualTo(-1);
    assertThat(RtpHeader.isRtp(p, 0, n)).isFalse();
    assertThat(RtpHeader.payloadLength(p, 0, n)).isEqualTo(-1);
  }

  @Test
  void invalidPaddingCountsAreRejected() {
    byte[] p = Fixtures.load("rtp/imsmedia_padding");
    p[p.length - 1] = 0;
    assertThat(RtpHeader.paddingLength(p, 0, p.length)).isEqualTo(-1);
    p[p.length - 1] = 19; // 18 bytes follow the 20-byte header
    assertThat(RtpHeader.paddingLength(p, 0, p.length)).isEqualTo(-1);
    p[p.length - 1] = 18;
    assertThat(RtpHeader.paddingLength(p, 0, p.length)).isEqualTo(18);
    assertThat(RtpHeader.payloadLength(p, 0, p.length)).isZero();
    assertThat(RtpHeader.paddingLength(p, 0, 20)).isEqualTo(-1);
  }

  @Test
  void invalidWindowsReturnSentinels() {
    byte[] p = Fixtures.load("rtp/chrome_one_byte_ext");
    assertThat(RtpHeader.isRtp(null, 0, 12)).isFalse();
    assertThat(RtpHeader.version(p, -1, 12)).isEqualTo(-1);
    assertThat(RtpHeader.sequenceNumber(p, 20, 12)).isEqualTo(-1);
    assertThat(RtpHeader.ssrc(p, 0, 11)).isEqualTo(-1);
    assertThat(RtpHeader.headerLength(p, 0, p.length + 1)).isEqualTo(-1);
    assertThat(RtpHeader.findExtension(p, 1, p.length, 2)).isEqualTo(-1);
    assertThat(RtpHeader.readMid(p, 0, 27, 2)).isNull();
  }

  @Test
  void midMustBePrintableAscii() {
    byte[] p = Fixtures.load("rtp/chrome_one_byte_ext_mid");
    p[24] = 0x1f;
    assertThat(RtpHeader.readMid(p, 0, p.length, 9)).isNull();
    p[24] = 'a';
    assertThat(RtpHeader.readMid(p, 0, p.length, 9)).isEqualTo("a");
    assertThat(RtpHeader.readMid(p, 0, p.length, 7)).isNull(); // binary data
  }

  @Test
  void settersRewriteOnlyTheirField() {
    byte[] original = Fixtures.load("rtp/chrome_two_byte_ext");
    int off = 3;
    byte[] b = Fixtures.embed(original, off, 0, (byte) 0);
    int n = original.length;
    RtpHeader.setSequenceNumber(b, off, 65535);
    RtpHeader.setTimestamp(b, off, 0xFFFFFFFFL);
    RtpHeader.setSsrc(b, off, 0x12345678L);
    RtpHeader.setPayloadType(b, off, 111);
    assertThat(RtpHeader.sequenceNumber(b, off, n)).isEqualTo(65535);
    assertThat(RtpHeader.timestamp(b, off, n)).isEqualTo(0xFFFFFFFFL);
    assertThat(RtpHeader.ssrc(b, off, n)).isEqualTo(0x12345678L);
    assertThat(RtpHeader.payloadType(b, off, n)).isEqualTo(111);
    assertThat(RtpHeader.marker(b, off, n)).isFalse();
    RtpHeader.setMarker(b, off, true);
    assertThat(RtpHeader.marker(b, off, n)).isTrue();
    assertThat(RtpHeader.payloadType(b, off, n)).isEqualTo(111);
    RtpHeader.setPayloadType(b, off, 96 + 128);
    assertThat(RtpHeader.payloadType(b, off, n)).isEqualTo(96);
    assertThat(RtpHeader.marker(b, off, n)).isTrue();
    RtpHeader.setMarker(b, off, false);
    assertThat(RtpHeader.marker(b, off, n)).isFalse();
    assertThat(b[off]).isEqualTo(original[0]);
    assertThat(Arrays.copyOfRange(b, off + 12, off + n))
        .isEqualTo(Arrays.copyOfRange(original, 12, n));
  }
}
