package org.telerounds.signaling;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process refuses to start in the wrong mode for its configuration, before it opens anything. */
class TeleroundsModeTest {
  @TempDir Path tmp;

  private Config config(Map<String, Object> auth) {
    return ConfigFactory.parseMap(auth).withFallback(ConfigFactory.parseMap(Map.of(
        "telerounds.signaling.port", 0, "telerounds.media.udp-port", 0,
        "telerounds.carts.store-dir", tmp.resolve("carts").toString(),
        "telerounds.recorder.enabled", false))).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void productionRefusesADevSecret() {
    assertThatThrownBy(() -> Telerounds.start(config(Map.of("telerounds.signaling.auth.hs256-secret",
        "integration-test-secret-0123456789abcdef")), false, Clock.systemUTC()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.signaling.auth.hs256-secret");
  }

  @Test
  void devModeRefusesAConfiguredSecretOrIssuer() {
    assertThatThrownBy(() -> Telerounds.start(config(Map.of("telerounds.signaling.auth.hs256-secret",
        "q8Zr1vYf0pLk3mWx7Tn5Bc9Hd2Js4Ge6Ua+Oi/Ry0E=")), true, Clock.systemUTC()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.signaling.auth.hs256-secret");
    assertThatThrownBy(() -> Telerounds.start(config(Map.of("telerounds.signaling.auth.issuer", "hospital-idp",
        "telerounds.signaling.auth.dev-mode", true)), false, Clock.systemUTC()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.signaling.auth.issuer");
  }
}
