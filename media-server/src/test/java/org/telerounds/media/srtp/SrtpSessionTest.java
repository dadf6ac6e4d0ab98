package org.telerounds.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.telerounds.media.rtp.RtpHeader;

class SrtpSessionTest {
  static SrtpKeyMaterial keys(SrtpProfile p, long seed) {
    byte[] m = new byte[2 * (p.keyLength() + p.saltLength())];
    new Random(seed).nextBytes(m);
    return SrtpKeyMaterial.fromDtlsExport(p, m, true);
  }

  static byte[] rtp(int seq, int payload) {
    byte[] b = new byte[12 + payload + 32];
    b[0] = (byte) 0x80;
    b[1] = 111;
    RtpHeader.setSequenceNumber(b, 0, seq);
    RtpHeader.setTimestamp(b, 0, 960L * seq);
    RtpHeader.setSsrc(b, 0, 0x1234ABCDL);
    for (int i = 12; i < 12 + payload; i++) b[i] = (byte) i;
    return b;
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void serverAndClientInteroperate(SrtpProfile p) {
    byte[] m = new byte[2 * (p.keyLength() + p.saltLength())];
    new Random(3).nextBytes(m);
    SrtpSession server = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, m, true));
    SrtpSession client = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, m, false));
    byte[] pkt = rtp(1000, 100);
    byte[] plain = Arrays.copyOf(pkt, 112);
    int n = client.protectRtp(pkt, 0, 112, 0x1234ABCDL);
    assertThat(n).isEqualTo(112 + p.tagLength());
    assertThat(Arrays.copyOfRange(pkt, 12, 112)).isNotEqualTo(Arrays.copyOfRange(plain, 12, 112));
    int back = server.unprotectRtp(pkt, 0, n, 0x1234ABCDL);
    assertThat(back).isEqualTo(112);
    assertThat(Arrays.copyOf(pkt, 112)).isEqualTo(plain);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void tamperedAndReplayedPacketsAreRejected(SrtpProfile p) {
    byte[] m = new byte[2 * (p.keyLength() + p.saltLength())];
    new Random(4).nextBytes(m);
    SrtpSession server = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, m, true));
    SrtpSession client = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, m, false));
    byte[] pkt = rtp(5, 50);
    int n = client.protectRtp(pkt, 0, 62, 0x1234ABCDL);
    byte[] copy = Arrays.copyOf(pkt, pkt.length);
    byte[] tampered = Arrays.copyOf(pkt, pkt.length);
    tampered[20] ^= 1;
    assertThat(server.unprotectRtp(tampered, 0, n, 0x1234ABCDL)).isEqualTo(-1);
    assertThat(server.unprotectRtp(pkt, 0, n, 0x1234ABCDL)).isEqualTo(62);
    assertThat(server.unprotectRtp(copy, 0, n, 0x1234ABCDL)).as("replay").isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtcpRoundTrip(SrtpProfile p) {
    byte[] m = new byte[2 * (p.keyLength() + p.saltLength())];
    new Random(5).nextBytes(m);
    SrtpSession server = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, m, true));
    SrtpSession client = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, m, false));
    byte[] pli = org.telerounds.media.rtcp.RtcpWriter.pli(0xAAAAL, 0xBBBBL);
    byte[] buf = Arrays.copyOf(pli, pli.length + 32);
    int n = server.protectRtcp(buf, 0, pli.length, 0xAAAAL);
    assertThat(n).isEqualTo(pli.length + 4 + p.tagLength());
    assertThat(client.unprotectRtcp(buf, 0, n, 0xAAAAL)).isEqualTo(pli.length);
    assertThat(Arrays.copyOf(buf, pli.length)).isEqualTo(pli);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void keysAreNotPrinted(SrtpProfile p) {
    assertThat(keys(p, 1).toString()).doesNotContain("[B@").contains("redacted");
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void forgedPacketsWithNewSsrcsKeepNoState(SrtpProfile p) throws Exception {
    SrtpSession server = new SrtpSession(keys(p, 9));
    java.lang.reflect.Field f = SrtpSession.class.getDeclaredField("decrypt");
    f.setAccessible(true);
    Random rnd = new Random(1);
    for (int i = 0; i < 1000; i++) {
      byte[] forged = rtp(i, 60);
      rnd.nextBytes(Arrays.copyOfRange(forged, 12, 90));
      long ssrc = rnd.nextInt() & 0xFFFFFFFFL;
      RtpHeader.setSsrc(forged, 0, ssrc);
      assertThat(server.unprotectRtp(forged, 0, 72 + p.tagLength(), ssrc)).isEqualTo(-1);
    }
    assertThat((java.util.Map<?, ?>) f.get(server)).isEmpty();
  }

  /**
   * A pooled buffer is a window on an array shared with other buffers. Protecting a packet whose
   * buffer has no room for the tag must fail, and must not write one byte past the window (before,
   * the tag went into whatever followed in the array: another packet's bytes).
   */
  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void theTagIsNeverWrittenPastThePacketsOwnBuffer(SrtpProfile p) {
    SrtpSession client = new SrtpSession(keys(p, 5));
    byte[] shared = new byte[400];
    Arrays.fill(shared, (byte) 0x5A);
    byte[] pkt = rtp(7, 50);
    System.arraycopy(pkt, 0, shared, 100, 62);
    byte[] before = shared.clone();

    assertThat(client.protectRtp(shared, 100, 62, 62 + p.tagLength() - 1, 0x1234ABCDL)).as("no room").isEqualTo(-1);
    assertThat(Arrays.copyOfRange(shared, 100 + 62, shared.length))
        .as("nothing written after the window").isEqualTo(Arrays.copyOfRange(before, 100 + 62, before.length));
    assertThat(Arrays.copyOf(shared, 100)).isEqualTo(Arrays.copyOf(before, 100));

    byte[] ok = rtp(8, 50);
    System.arraycopy(ok, 0, shared, 200, 62);
    int n = client.protectRtp(shared, 200, 62, 62 + p.tagLength(), 0x1234ABCDL);
    assertThat(n).isEqualTo(62 + p.tagLength());
    assertThat(Arrays.copyOfRange(shared, 200 + n, shared.length)).as("nothing after the tag")
        .isEqualTo(Arrays.copyOfRange(before, 200 + n, before.length));
  }
}
