package org.telerounds.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks the {@link RtpPacket#parse} snapshot on captured fixtures and its null-on-invalid contract. */
class RtpPacketTest {

  @Test
  void parsesCapturedPackets() {
    byte[] p = Fixtures.load("rtp/chrome_one_byte_ext_mid");
    assertThat(RtpPacket.parse(p, 0, p.length))
        .isEqualTo(new RtpPacket(45, 6612, 3557156759L, 0xf7b16e83L, true, 48, 0));
    byte[] q = Fixtures.load("rtp/imsmedia_padding");
    assertThat(RtpPacket.parse(q, 0, q.length))
        .isEqualTo(new RtpPacket(99, 42371, 57800, 0x927dcd02L, true, 20, 16));
    byte[] r = Fixtures.load("rtp/libtins_csrc_ext_padding");
    assertThat(RtpPacket.parse(r, 0, r.length))
        .isEqualTo(new RtpPacket(42, 42000, 0xdeadbeefL, 0xabcdadbcL, true, 44, 12));
  }

  @Test
  void parsesAtAnOffsetAndIgnoresBytesAfterTheWindow() {
    byte[] p = Fixtures.load("rtp/chrome_two_byte_ext");
    byte[] buf = Fixtures.embed(p, 9, 40, (byte) 0xff);
    assertThat(RtpPacket.parse(buf, 9, p.length))
        .isEqualTo(new RtpPacket(45, 25029, 2500464622L, 0x8d3814e5L, false, 84, 0));
  }

  @Test
  void returnsNullForInvalidInput() {
    byte[] csrcOnly = Fixtures.load("rtp/imsmedia_csrc_header_only");
    assertThat(RtpPacket.parse(csrcOnly, 0, csrcOnly.length)).isNull();
    byte[] p = Fixtures.load("rtp/chrome_one_byte_ext");
    assertThat(RtpPacket.parse(p, 0, 11)).isNull();
    assertThat(RtpPacket.parse(p, 0, 27)).isNull();
    byte[] v1 = p.clone();
    v1[0] = 0x50;
    assertThat(RtpPacket.parse(v1, 0, v1.length)).isNull();
    assertThat(RtpPacket.parse(null, 0, 0)).isNull();
  }

  @Test
  void rtcpCanLookLikeRtpSoDemultiplexWithIsRtcpFirst() {
    byte[] nack = Fixtures.load("rtcp/chrome_nack");
    // 0x81 0xcd...: V=2, CC=1, PT=77 is a structurally valid 16-byte RTP header.
    assertThat(RtpHeader.isRtp(nack, 0, nack.length)).isTrue();
    assertThat(RtpHeader.payloadType(nack, 0, nack.length)).isEqualTo(0xcd & 0x7F);
  }
}
