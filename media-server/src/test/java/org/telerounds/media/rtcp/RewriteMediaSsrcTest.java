package org.telerounds.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.rtcp.RtcpPacket.Fir;
import org.telerounds.media.rtcp.RtcpPacket.FirEntry;
import org.telerounds.media.rtcp.RtcpPacket.Nack;
import org.telerounds.media.rtcp.RtcpPacket.Pli;
import org.telerounds.media.rtp.Fixtures;

/** Checks in-place media-source SSRC rewriting of relayed PLI, NACK and FIR feedback. */
class RewriteMediaSsrcTest {
  static final long PUBLISHER = 0xCAFEBABEL;

  private static List<RtcpPacket> rewriteAndParse(byte[] b) {
    RtcpWriter.rewriteMediaSsrc(b, 0, b.length, PUBLISHER);
    return RtcpParser.parseCompound(b, 0, b.length);
  }

  @Test
  void rewritesPliAndNack() {
    assertThat(rewriteAndParse(Fixtures.load("rtcp/chrome_pli")))
        .containsExactly(new Pli(1, PUBLISHER));
    assertThat(rewriteAndParse(Fixtures.load("rtcp/chrome_nack")))
        .containsExactly(new Nack(1, PUBLISHER, List.of(2959, 2960, 2961)));
  }

  @Test
  void rewritesFirEntryAndKeepsZeroMediaSourceField() {
    byte[] b = Fixtures.load("rtcp/libwebrtc_fir");
    assertThat(rewriteAndParse(b))
        .containsExactly(new Fir(0xfa17fa17L, List.of(new FirEntry(PUBLISHER, 4))));
    assertThat(Arrays.copyOfRange(b, 8, 12)).containsOnly(0);
  }

  @Test
  void rewritesOnlyFeedbackInsideACompoundAtAnOffset() {
    byte[] original = Fixtures.load("rtcp/firefox_rr_sdes_bye_pli_rrr_app");
    byte[] b = Fixtures.embed(original, 6, 4, (byte) 0x11);
    RtcpWriter.rewriteMediaSsrc(b, 6, original.length, PUBLISHER);
    byte[] expected = Fixtures.embed(original, 6, 4, (byte) 0x11);
    for (int pliOrRrr : new int[] {92, 104}) {
      int at = 6 + pliOrRrr + 8;
      expected[at] = (byte) 0xCA;
      expected[at + 1] = (byte) 0xFE;
      expected[at + 2] = (byte) 0xBA;
      expected[at + 3] = (byte) 0xBE;
    }
    assertThat(b).isEqualTo(expected);
  }

  @Test
  void leavesRembAndNonFeedbackUntouched() {
    for (String name : List.of("rtcp/chrome_remb", "rtcp/chrome_sr_sdes")) {
      byte[] b = Fixtures.load(name);
      RtcpWriter.rewriteMediaSsrc(b, 0, b.length, PUBLISHER);
      assertThat(b).as(name).isEqualTo(Fixtures.load(name));
    }
  }

  @Test
  void stopsSilentlyOnMalformedInput() {
    byte[] b = Fixtures.load("rtcp/chrome_pli");
    RtcpWriter.rewriteMediaSsrc(b, 0, 11, PUBLISHER);
    assertThat(b).isEqualTo(Fixtures.load("rtcp/chrome_pli"));
    RtcpWriter.rewriteMediaSsrc(b, 4, 12, PUBLISHER);
    RtcpWriter.rewriteMediaSsrc(null, 0, 0, PUBLISHER);
    RtcpWriter.rewriteMediaSsrc(b, -1, 4, PUBLISHER);
    assertThat(b).isEqualTo(Fixtures.load("rtcp/chrome_pli"));
  }
}
