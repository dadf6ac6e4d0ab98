package org.telerounds.signaling.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Production refuses weak or example JWT secrets; dev mode refuses production-looking settings. */
class ModeChecksTest {
  static SignalingConfig sc(String hocon) {
    return SignalingConfig.from(SignalingConfigTest.with(hocon));
  }

  @Test
  void productionRefusesExampleAndWeakSecrets() {
    for (String s : new String[] {"integration-test-secret-0123456789abcdef", "telerounds-dev-secret-0123456789abcdef",
        "changeme-changeme-changeme-changeme-x", "my-hospital-jwt-SECRET-for-the-wards-2024", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "abababababababababababababababababab"}) {
      assertThatThrownBy(() -> ModeChecks.production(sc("telerounds.signaling.auth.hs256-secret = \"" + s + "\"")))
          .as(s).isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.signaling.auth.hs256-secret")
          .hasMessageContaining("openssl rand").hasMessageNotContaining(s);
    }
    assertThatCode(() -> ModeChecks.production(sc(
        "telerounds.signaling.auth.hs256-secret = \"q8Zr1vYf0pLk3mWx7Tn5Bc9Hd2Js4Ge6Ua+Oi/Ry0E=\"")))
        .doesNotThrowAnyException();
    // "dev" inside a random string is no marker; "-dev-" is
    assertThatCode(() -> ModeChecks.strongSecret("q8Zr1vYfdevLk3mWx7Tn5Bc9Hd2Js4Ge6Ua")).doesNotThrowAnyException();
  }

  @Test
  void devModeRefusesAProductionLookingConfiguration() {
    assertThatCode(() -> ModeChecks.dev(sc(""))).doesNotThrowAnyException();
    assertThatThrownBy(() -> ModeChecks.dev(sc(
        "telerounds.signaling.auth.hs256-secret = \"q8Zr1vYf0pLk3mWx7Tn5Bc9Hd2Js4Ge6Ua+Oi/Ry0E=\"")))
        .hasMessageContaining("telerounds.signaling.auth.hs256-secret").hasMessageContaining("dev mode");
    assertThatThrownBy(() -> ModeChecks.dev(sc("telerounds.signaling.auth.issuer = \"https://idp.hospital\"")))
        .hasMessageContaining("telerounds.signaling.auth.issuer");
    assertThatThrownBy(() -> ModeChecks.dev(sc("telerounds.signaling.auth.rs256-public-key = \"/etc/idp.pem\"")))
        .hasMessageContaining("telerounds.signaling.auth.rs256-public-key");
    assertThatThrownBy(() -> ModeChecks.dev(sc("telerounds.signaling { bind-address = \"0.0.0.0\","
        + " tls { certificate = \"/c.pem\", private-key = \"/k.pem\" } }")))
        .hasMessageContaining("telerounds.signaling.bind-address");
  }
}
