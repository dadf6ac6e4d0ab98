package org.telerounds.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telerounds.media.Fixtures;

class StunMessageTest {
  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

  @Test
  void parsesRfc5769SampleRequestAndChecksIntegrityAndFingerprint() {
    byte[] b = Fixtures.hex("stun/rfc5769-sample-request.hex");
    StunMessage m = StunMessage.parse(b, 0, b.length);
    assertThat(m).isNotNull();
    assertThat(m.type()).isEqualTo(StunMessage.BINDING_REQUEST);
    assertThat(m.username()).isEqualTo("evtj:h6vY");
    assertThat(m.priority()).isEqualTo(0x6e0001ffL);
    assertThat(m.iceControlling()).isFalse();
    assertThat(m.integrityValid(PASSWORD)).isTrue();
    assertThat(m.integrityValid("wrong-password-wrong-pw")).isFalse();
    assertThat(m.fingerprintValid()).isTrue();
  }

  @Test
  void parsesRfc5769SampleResponse() {
    byte[] b = Fixtures.hex("stun/rfc5769-sample-ipv4-response.hex");
    StunMessage m = StunMessage.parse(b, 0, b.length);
    assertThat(m.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
    assertThat(m.integrityValid(PASSWORD)).isTrue();
    assertThat(m.fingerprintValid()).isTrue();
  }

  @Test
  void tamperedByteBreaksFingerprintAndIntegrity() {
    byte[] b = Fixtures.hex("stun/rfc5769-sample-request.hex");
    b[30] ^= 1; // inside SOFTWARE
    StunMessage m = StunMessage.parse(b, 0, b.length);
    assertThat(m.fingerprintValid()).isFalse();
    assertThat(m.integrityValid(PASSWORD)).isFalse();
  }

  @Test
  void successResponseEncodesXorMappedAddressLikeTheRfcVector() {
    byte[] txid = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");
    byte[] r = StunMessage.bindingSuccess(txid, new InetSocketAddress("192.0.2.1", 32853), PASSWORD);
    assertThat(HexFormat.of().formatHex(r)).contains("002000080001a147e112a643");
    StunMessage parsed = StunMessage.parse(r, 0, r.length);
    assertThat(parsed.integrityValid(PASSWORD)).isTrue();
    assertThat(parsed.fingerprintValid()).isTrue();
  }

  @Test
  void builtRequestRoundTrips() {
    byte[] txid = new byte[12];
    new Random(1).nextBytes(txid);
    byte[] r = StunMessage.request(txid).username("srv1:cli1").priority(1234).iceControlling(42).useCandidate()
        .sign("password-password-1234");
    StunMessage m = StunMessage.parse(r, 0, r.length);
    assertThat(m.username()).isEqualTo("srv1:cli1");
    assertThat(m.useCandidate()).isTrue();
    assertThat(m.iceControlling()).isTrue();
    assertThat(m.integrityValid("password-password-1234")).isTrue();
    assertThat(m.fingerprintValid()).isTrue();
    assertThat(m.transactionId()).isEqualTo(txid);
  }

  @Test
  void errorResponseCarriesFingerprint() {
    byte[] e = StunMessage.bindingError(new byte[12], 401, "Unauthorized");
    StunMessage m = StunMessage.parse(e, 0, e.length);
    assertThat(m.type()).isEqualTo(StunMessage.BINDING_ERROR);
    assertThat(m.fingerprintValid()).isTrue();
  }

  @Test
  void garbageAndTruncationsNeverThrow() {
    byte[] good = Fixtures.hex("stun/rfc5769-sample-request.hex");
    for (int n = 0; n < good.length; n++) {
      assertThat(StunMessage.parse(good, 0, n)).isNull();
    }
    Random rnd = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      byte[] g = new byte[rnd.nextInt(200)];
      rnd.nextBytes(g);
      if (g.length >= 8) {
        g[0] &= 0x3F;
        g[4] = 0x21; g[5] = 0x12; g[6] = (byte) 0xA4; g[7] = 0x42;
      }
      StunMessage.parse(g, 0, g.length); // must not throw
    }
  }
}
