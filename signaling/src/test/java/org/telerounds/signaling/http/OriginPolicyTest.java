package org.telerounds.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.config.SignalingConfig;

/** The WebSocket's Origin rule and the dev token endpoint's Host rule, case by case. */
class OriginPolicyTest {
  static SignalingConfig sc(String hocon) {
    return SignalingConfig.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference())
        .resolve());
  }

  @Test
  void defaultIsTheServersOwnOriginOnLoopback() {
    SignalingConfig c = sc("");
    assertThat(OriginPolicy.allowed(c, "http://127.0.0.1:8080", "127.0.0.1:8080", 8080)).isTrue();
    assertThat(OriginPolicy.allowed(c, "http://LOCALHOST:8080", "x", 8080)).isTrue();
    assertThat(OriginPolicy.allowed(c, "http://[::1]:8080", "x", 8080)).isTrue();
    assertThat(OriginPolicy.allowed(c, null, "x", 8080)).isTrue();
    assertThat(OriginPolicy.allowed(c, "http://evil.example:8080", "evil.example:8080", 8080)).isFalse(); // rebinding
    assertThat(OriginPolicy.allowed(c, "http://127.0.0.1:8081", "127.0.0.1:8080", 8080)).isFalse();
    assertThat(OriginPolicy.allowed(c, "null", "127.0.0.1:8080", 8080)).isFalse();
    assertThat(OriginPolicy.allowed(c, "http://127.0.0.1:8080/path", "127.0.0.1:8080", 8080)).isFalse();
    assertThat(OriginPolicy.allowed(c, "file://", "127.0.0.1:8080", 8080)).isFalse();
  }

  @Test
  void withTlsTheRequestedHostAndWithAListOnlyTheList() {
    SignalingConfig tls = sc("telerounds.signaling { bind-address = \"0.0.0.0\", port = 443,"
        + " tls { certificate = \"/c.pem\", private-key = \"/k.pem\" } }");
    assertThat(OriginPolicy.allowed(tls, "https://rounds.hospital.example", "rounds.hospital.example", 443)).isTrue();
    assertThat(OriginPolicy.allowed(tls, "http://rounds.hospital.example", "rounds.hospital.example", 443)).isFalse();
    assertThat(OriginPolicy.allowed(tls, "https://evil.example", "rounds.hospital.example", 443)).isFalse();
    SignalingConfig listed = sc("telerounds.signaling.allowed-origins = [\"https://rounds.hospital.example\"]");
    assertThat(OriginPolicy.allowed(listed, "https://rounds.hospital.example:443", "x", 8080)).isTrue();
    assertThat(OriginPolicy.allowed(listed, "http://127.0.0.1:8080", "127.0.0.1:8080", 8080)).isFalse();
  }

  @Test
  void devTokensOnlyForLoopbackHostNames() {
    for (String h : new String[] {"127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:8080", "127.1.2.3"}) {
      assertThat(DevTokenEndpoint.loopbackHost(h)).as(h).isTrue();
    }
    for (String h : new String[] {null, "", "evil.example", "evil.example:8080", "127.0.0.1.evil.example",
        "localhost.evil.example", "[::2]:80", "127.0.0.1:80:80", "10.0.0.1"}) {
      assertThat(DevTokenEndpoint.loopbackHost(h)).as(h).isFalse();
    }
  }
}
