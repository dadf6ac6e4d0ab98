package org.telerounds.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.rtcp.RtcpPacket.Bye;
import org.telerounds.media.rtcp.RtcpPacket.Fir;
import org.telerounds.media.rtcp.RtcpPacket.FirEntry;
import org.telerounds.media.rtcp.RtcpPacket.Nack;
import org.telerounds.media.rtcp.RtcpPacket.Pli;
import org.telerounds.media.rtcp.RtcpPacket.ReceiverReport;
import org.telerounds.media.rtcp.RtcpPacket.Remb;
import org.telerounds.media.rtcp.RtcpPacket.ReportBlock;
import org.telerounds.media.rtcp.RtcpPacket.Sdes;
import org.telerounds.media.rtcp.RtcpPacket.SenderReport;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;
import org.telerounds.media.rtcp.RtcpPacket.Unknown;
import org.telerounds.media.rtp.Fixtures;

/**
 * Parses every captured RTCP fixture into the expected records, and checks RFC 5761 demultiplexing
 * and the {@link MalformedPacketException} contract for truncated or inconsistent packets.
 */
class RtcpParserTest {
  static final ReportBlock DUMP_BLOCK =
      new ReportBlock(0xbc5e9a40L, 0, 0, 0x46e1, 273, 0x9f36432L, 150137);

  /** The received-status bits (the dissection in the fixture's .txt lists the statuses). */
  static java.util.BitSet bits(int count, int... set) {
    java.util.BitSet b = new java.util.BitSet(count);
    for (int i : set) b.set(i);
    return b;
  }

  static List<RtcpPacket> parse(String fixture) {
    byte[] b = Fixtures.load(fixture);
    return RtcpParser.parseCompound(b, 0, b.length);
  }

  @Test
  void firefoxCompoundWithRrSdesByePliAndUnknownTypes() {
    long ssrc = 0x902f9e2eL;
    assertThat(parse("rtcp/firefox_rr_sdes_bye_pli_rrr_app"))
        .containsExactly(
            new ReceiverReport(ssrc, List.of(DUMP_BLOCK)),
            new Sdes(List.of(ssrc)),
            new Bye(List.of(ssrc)),
            new Pli(ssrc, ssrc),
            new Unknown(205, 5, 12),
            new Unknown(204, 0, 16));
  }

  @Test
  void chromeSenderReportPlusSdes() {
    assertThat(parse("rtcp/chrome_sr_sdes"))
        .containsExactly(
            new SenderReport(0x9cf6b791L, 0xe020b715e45b8dc5L, 0xc5df70cdL, 526, 433674, List.of()),
            new Sdes(List.of(0x9cf6b791L)));
  }

  @Test
  void senderReportWithBlockPlusSdes() {
    assertThat(parse("rtcp/sr_report_block_sdes"))
        .containsExactly(
            new SenderReport(0x639eda7bL, 0xe840075b1cc56480L, 949968, 990, 110674,
                List.of(new ReportBlock(0x075bcd15L, 0, 0, 7208, 46, 0, 0))),
            new Sdes(List.of(0x639eda7bL)));
  }

  @Test
  void senderReportWhoseLengthFieldIsTooShortIsRejected() {
    // pion/rtcp sender_report_test.go "valid": RC=1 but length 7 words, 52 bytes supplied.
    byte[] b = Fixtures.load("rtcp/sr_report_block_sdes");
    b[3] = 7;
    assertThatThrownBy(() -> RtcpParser.parseCompound(b, 0, 52))
        .isInstanceOf(MalformedPacketException.class);
  }

  @Test
  void feedbackPackets() {
    assertThat(parse("rtcp/chrome_nack"))
        .containsExactly(new Nack(1, 0x0330bdeeL, List.of(2959, 2960, 2961)));
    assertThat(parse("rtcp/chrome_pli")).containsExactly(new Pli(1, 0x0330bdeeL));
    assertThat(parse("rtcp/libwebrtc_fir"))
        .containsExactly(new Fir(0xfa17fa17L, List.of(new FirEntry(0x02d03702L, 4))));
    assertThat(parse("rtcp/chrome_remb"))
        .containsExactly(new Remb(1, 8927168, List.of(1215622422L)));
  }

  @Test
  void transportCcRunLengthChunk() {
    assertThat(parse("rtcp/twcc_run_length"))
        .containsExactly(
            new TransportCc(1, 0xdd586eb6L, 1, 9, 6197520, 0,
                List.of(28, 12, 44, 56, 0, 4, 0, 8, 24), 9, bits(9, 0, 1, 2, 3, 4, 5, 6, 7, 8)));
  }

  @Test
  void transportCcStatusVectorLargeDeltaAndClippedRun() {
    assertThat(parse("rtcp/chrome_twcc_status_vector"))
        .containsExactly(
            new TransportCc(0x9b74f61fL, 0x9371dcbcL, 34108, 9, 6551830, 179,
                List.of(155, 170, 106, 170, 123, 265), 6, bits(9, 0, 1, 2, 3, 4, 6)));
  }

  @Test
  void transportCcNegativeLargeDeltaAndOneBitVector() {
    // 1-bit vector 0b1_0_10000000000001 (statuses: recv, 12 lost, recv), then run of 2 large.
    byte[] b = {(byte) 0x8f, (byte) 0xcd, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 10, 0, 16, 0, 0, 1, 5,
        (byte) 0xa0, 0x01, 0x40, 0x02, 0x04, 0x08, (byte) 0xff, (byte) 0xfe, 0x00, 0x10, 0, 0};
    TransportCc cc = (TransportCc) RtcpParser.parseCompound(b, 0, b.length).get(0);
    assertThat(cc.receivedDeltasQuarterMs()).containsExactly(4, 8, -2, 16);
    assertThat(cc.receivedCount()).isEqualTo(4);
    assertThat(cc.wasReceived(0)).isTrue();
    assertThat(cc.wasReceived(1)).isFalse();
    assertThat(cc.wasReceived(13)).isTrue();
    assertThat(cc.wasReceived(14)).isTrue();
    assertThat(cc.packetStatusCount()).isEqualTo(16);
    assertThat(cc.referenceTime()).isEqualTo(1);
    assertThat(cc.feedbackPacketCount()).isEqualTo(5);
  }

  @Test
  void unknownRembLikeAfbIsUnknown() {
    byte[] b = Fixtures.load("rtcp/chrome_remb");
    b[12] = 'X';
    assertThat(RtcpParser.parseCompound(b, 0, b.length)).containsExactly(new Unknown(206, 15, 24));
  }

  @Test
  void parsesAtOffsetWithinLargerBuffer() {
    byte[] p = Fixtures.load("rtcp/chrome_sr_sdes");
    byte[] buf = Fixtures.embed(p, 5, 11, (byte) 0x81);
    assertThat(RtcpParser.parseCompound(buf, 5, p.length)).hasSize(2);
  }

  @Test
  void truncatedCompoundReportsWhatParsedBefore() {
    byte[] b = Fixtures.load("rtcp/firefox_rr_sdes_bye_pli_rrr_app");
    assertThatThrownBy(() -> RtcpParser.parseCompound(b, 0, 34))
        .isInstanceOfSatisfying(MalformedPacketException.class, e -> {
          assertThat(e.offset()).isEqualTo(32);
          assertThat(e.parsedBeforeError()).containsExactly(
              new ReceiverReport(0x902f9e2eL, List.of(DUMP_BLOCK)));
        });
  }

  @Test
  void malformedSubPacketsAreRejected() {
    byte[] nack = Fixtures.load("rtcp/chrome_nack");
    nack[3] = 2; // length 2 words: NACK without FCI
    assertMalformed(nack, 12);
    byte[] twcc = Fixtures.load("rtcp/twcc_run_length");
    twcc[twcc.length - 1] = 0; // P bit with padding count 0
    assertMalformed(twcc, twcc.length);
    twcc[twcc.length - 1] = 29; // padding longer than the body
    assertMalformed(twcc, twcc.length);
    byte[] sr = Fixtures.load("rtcp/chrome_sr_sdes");
    sr[0] = (byte) 0x81; // claims a report block that is not there
    assertMalformed(sr, sr.length);
    byte[] v1 = Fixtures.load("rtcp/chrome_pli");
    v1[0] = 0x41;
    assertMalformed(v1, v1.length);
    assertMalformed(new byte[0], 0);
    assertThatThrownBy(() -> RtcpParser.parseCompound(new byte[4], 2, 4))
        .isInstanceOf(MalformedPacketException.class);
  }

  private static void assertMalformed(byte[] b, int len) {
    assertThatThrownBy(() -> RtcpParser.parseCompound(b, 0, len))
        .isInstanceOf(MalformedPacketException.class)
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isRtcpDemultiplexesPerRfc5761() {
    for (String name : Fixtures.all()) {
      byte[] b = Fixtures.load(name);
      assertThat(RtcpParser.isRtcp(b, 0, b.length)).as(name).isEqualTo(name.startsWith("rtcp/"));
    }
    assertThat(RtcpParser.isRtcp(new byte[] {(byte) 0x80, (byte) 191, 0, 0}, 0, 4)).isFalse();
    assertThat(RtcpParser.isRtcp(new byte[] {(byte) 0x80, (byte) 223, 0, 0}, 0, 4)).isTrue();
    assertThat(RtcpParser.isRtcp(new byte[] {(byte) 0x80, (byte) 224, 0, 0}, 0, 4)).isFalse();
    assertThat(RtcpParser.isRtcp(new byte[] {(byte) 0x80, (byte) 200, 0}, 0, 3)).isFalse();
    assertThat(RtcpParser.isRtcp(null, 0, 4)).isFalse();
  }
}
