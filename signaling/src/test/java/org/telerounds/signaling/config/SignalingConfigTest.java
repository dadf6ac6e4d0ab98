package org.telerounds.signaling.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalingConfigTest {
  static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaultsBindLoopback8080WithoutTlsOrDevMode() {
    SignalingConfig c = SignalingConfig.from(with(""));
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.tls()).isFalse();
    assertThat(c.devMode()).isFalse();
    assertThat(c.maxMessageBytes()).isEqualTo(65536);
  }

  @Test
  void plainHttpOnlyOnLoopback() {
    assertThatThrownBy(() -> SignalingConfig.from(with("telerounds.signaling.bind-address = \"0.0.0.0\"")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.signaling.bind-address");
  }

  @Test
  void unknownAndBadKeysAreNamed() {
    assertThatThrownBy(() -> SignalingConfig.from(with("telerounds.signaling.auth.secret = x")))
        .hasMessageContaining("telerounds.signaling.auth.secret");
    assertThatThrownBy(() -> SignalingConfig.from(with("telerounds.signaling.auth.hs256-secret = short")))
        .hasMessageContaining("hs256-secret");
    assertThatThrownBy(() -> SignalingConfig.from(with("telerounds.signaling.tls.certificate = \"/x.pem\"")))
        .hasMessageContaining("telerounds.signaling.tls");
  }

  @Test
  void loaderReadsFileAndRejectsWrongTypes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(f, "telerounds.signaling.port = 9443\n");
    assertThat(SignalingConfig.from(ConfigLoader.load(f)).port()).isEqualTo(9443);
    Files.writeString(f, "telerounds.signaling.port = nine\n");
    assertThatThrownBy(() -> SignalingConfig.from(ConfigLoader.load(f))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("telerounds.signaling.port");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.conf"))).hasMessageContaining("not found");
  }
}
