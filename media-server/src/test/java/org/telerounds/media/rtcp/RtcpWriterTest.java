package org.telerounds.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.rtcp.RtcpPacket.Fir;
import org.telerounds.media.rtcp.RtcpPacket.FirEntry;
import org.telerounds.media.rtcp.RtcpPacket.Nack;
import org.telerounds.media.rtcp.RtcpPacket.Pli;
import org.telerounds.media.rtcp.RtcpPacket.ReceiverReport;
import org.telerounds.media.rtcp.RtcpPacket.Remb;
import org.telerounds.media.rtcp.RtcpPacket.ReportBlock;
import org.telerounds.media.rtcp.RtcpPacket.SenderReport;
import org.telerounds.media.rtp.Fixtures;

/**
 * Checks that {@link RtcpWriter} reproduces captured packets byte for byte and that every builder
 * round-trips through {@link RtcpParser}.
 */
class RtcpWriterTest {

  private static RtcpPacket single(byte[] b) {
    List<RtcpPacket> packets = RtcpParser.parseCompound(b, 0, b.length);
    assertThat(packets).hasSize(1);
    return packets.get(0);
  }

  @Test
  void writersReproduceCapturedBytesExactly() {
    assertThat(RtcpWriter.pli(1, 0x0330bdeeL)).isEqualTo(Fixtures.load("rtcp/chrome_pli"));
    assertThat(RtcpWriter.nack(1, 0x0330bdeeL, List.of(2959, 2960, 2961)))
        .isEqualTo(Fixtures.load("rtcp/chrome_nack"));
    assertThat(RtcpWriter.fir(0xfa17fa17L, 0x02d03702L, 4))
        .isEqualTo(Fixtures.load("rtcp/libwebrtc_fir"));
    assertThat(RtcpWriter.remb(1, 8927168, List.of(1215622422L)))
        .isEqualTo(Fixtures.load("rtcp/chrome_remb"));
    for (String name : List.of("rtcp/sr_report_block_sdes", "rtcp/chrome_sr_sdes")) {
      byte[] b = Fixtures.load(name);
      SenderReport sr = (SenderReport) RtcpParser.parseCompound(b, 0, b.length).get(0);
      byte[] written = RtcpWriter.senderReport(sr);
      assertThat(written).isEqualTo(Arrays.copyOf(b, written.length));
    }
    byte[] ff = Fixtures.load("rtcp/firefox_rr_sdes_bye_pli_rrr_app");
    ReceiverReport rr = (ReceiverReport) RtcpParser.parseCompound(ff, 0, ff.length).get(0);
    assertThat(RtcpWriter.receiverReport(rr)).isEqualTo(Arrays.copyOf(ff, 32));
  }

  @Test
  void senderReportRoundTrip() {
    SenderReport sr = new SenderReport(0xFFFFFFFFL, 0xe020b715e45b8dc5L, 0, 0xFFFFFFFFL, 12345,
        List.of(
            new ReportBlock(1, 255, -5, 0x0001_0005L, 7, 0xFFFFFFFFL, 9),
            new ReportBlock(0xdeadbeefL, 0, 0x7FFFFF, 0, 0, 0, 0),
            new ReportBlock(2, 1, -0x800000, 3, 4, 5, 6)));
    assertThat(single(RtcpWriter.senderReport(sr))).isEqualTo(sr);
  }

  @Test
  void receiverReportRoundTrip() {
    ReceiverReport empty = new ReceiverReport(1, List.of());
    assertThat(RtcpWriter.receiverReport(empty)).hasSize(8);
    assertThat(single(RtcpWriter.receiverReport(empty))).isEqualTo(empty);
    List<ReportBlock> blocks = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      blocks.add(new ReportBlock(i, i, -i, 65536L * i, i, i, i));
    }
    ReceiverReport full = new ReceiverReport(0x12345678L, blocks);
    assertThat(single(RtcpWriter.receiverReport(full))).isEqualTo(full);
  }

  @Test
  void nackRoundTripAcrossWrapAndPairs() {
    List<Integer> lost = List.of(65534, 65535, 0, 5, 14, 100, 101, 116, 117);
    byte[] b = RtcpWriter.nack(7, 8, lost);
    assertThat(b).hasSize(12 + 4 * 3); // pairs at 65534, 100 and 117
    assertThat(single(b)).isEqualTo(new Nack(7, 8, lost));
    assertThat(single(RtcpWriter.nack(7, 8, List.of(3, 3, 4)))).isEqualTo(new Nack(7, 8, List.of(3, 4)));
  }

  @Test
  void pliAndFirRoundTrip() {
    assertThat(single(RtcpWriter.pli(0xFFFFFFFFL, 0))).isEqualTo(new Pli(0xFFFFFFFFL, 0));
    assertThat(single(RtcpWriter.fir(1, 0xabcdef01L, 255)))
        .isEqualTo(new Fir(1, List.of(new FirEntry(0xabcdef01L, 255))));
  }

  @Test
  void rembRoundTripAndMantissaExponentEncoding() {
    List<Long> ssrcs = List.of(1L, 0xFFFFFFFFL, 0x12345678L);
    for (long bps : new long[] {0, 1, 262143, 1_000_000, 8927168, 3L << 40}) {
      assertThat(single(RtcpWriter.remb(9, bps, ssrcs))).isEqualTo(new Remb(9, bps, ssrcs));
    }
    // 8927167 is not representable: rounds down to mantissa 139486 << 6.
    assertThat(((Remb) single(RtcpWriter.remb(9, 8927167, List.of()))).bitrateBps())
        .isEqualTo(8927104);
    assertThat(((Remb) single(RtcpWriter.remb(9, Long.MAX_VALUE, List.of()))).bitrateBps())
        .isEqualTo(0x3FFFFL << 45);
    List<Long> many = Collections.nCopies(255, 42L);
    assertThat(single(RtcpWriter.remb(9, 5, many))).isEqualTo(new Remb(9, 5, many));
  }

  @Test
  void compoundConcatenatesAndParsesBack() {
    SenderReport sr = new SenderReport(5, 6, 7, 8, 9, List.of());
    byte[] c = RtcpWriter.compound(RtcpWriter.senderReport(sr), RtcpWriter.pli(5, 6),
        RtcpWriter.nack(5, 6, List.of(1)));
    assertThat(RtcpParser.parseCompound(c, 0, c.length))
        .containsExactly(sr, new Pli(5, 6), new Nack(5, 6, List.of(1)));
    assertThat(RtcpWriter.compound()).isEmpty();
  }

  @Test
  void unencodableArgumentsAreRejected() {
    assertThatThrownBy(() -> RtcpWriter.nack(1, 2, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtcpWriter.remb(1, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtcpWriter.remb(1, 1, Collections.nCopies(256, 1L)))
        .isInstanceOf(IllegalArgumentException.class);
    List<ReportBlock> tooMany = Collections.nCopies(32, new ReportBlock(0, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(() -> RtcpWriter.receiverReport(new ReceiverReport(1, tooMany)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
