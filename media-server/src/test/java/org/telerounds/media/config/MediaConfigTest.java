package org.telerounds.media.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class MediaConfigTest {
  static Config with(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaultsAreSane() {
    MediaConfig c = MediaConfig.from(with(""));
    assertThat(c.udpPort()).isEqualTo(10000);
    assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.srtpProfiles()).first().isEqualTo("AEAD_AES_128_GCM");
    assertThat(c.consentTimeout().toSeconds()).isEqualTo(30);
  }

  @Test
  void unknownKeyIsNamed() {
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.udp-prot = 5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.media.udp-prot");
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.rtcp.interval = 1s")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.media.rtcp.interval");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.udp-port = 70000")))
        .hasMessageContaining("telerounds.media.udp-port");
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.packet-cache-size = 100")))
        .hasMessageContaining("packet-cache-size");
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.video-codecs = [AV1]")))
        .hasMessageContaining("video-codecs");
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.srtp-profiles = [NULL]")))
        .hasMessageContaining("srtp-profiles");
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.udp-port = ten")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("udp-port");
  }

  @Test
  void iceTcpIsOffByDefaultAndTurnIsEmpty() {
    MediaConfig c = MediaConfig.from(with(""));
    assertThat(c.iceTcp().enabled()).isFalse();
    assertThat(c.iceTcp().port()).isEqualTo(10000);
    assertThat(c.turn().enabled()).isFalse();
    assertThat(c.turn().credentialTtl().toHours()).isEqualTo(1);
    MediaConfig on = MediaConfig.from(with("telerounds.media.ice.tcp { enabled = true, port = 443 }"));
    assertThat(on.iceTcp().enabled()).isTrue();
    assertThat(on.iceTcp().port()).isEqualTo(443);
  }

  @Test
  void turnNeedsALongSecretWhichNoMessageShows() {
    String shortSecret = "hunter2-short";
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.turn { urls = [\"turn:10.0.0.5:3478?transport=udp\"],"
        + " shared-secret = \"" + shortSecret + "\" }")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.media.turn.shared-secret")
        .hasMessageNotContaining(shortSecret);
    assertThatThrownBy(() -> MediaConfig.from(with("telerounds.media.turn.urls = [\"http://x\"]")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("telerounds.media.turn.urls");
    String secret = "q8VfN2mWx4TzR7bKc1LpD6sHj9YgE3uA0oI5";
    MediaConfig c = MediaConfig.from(with("telerounds.media.turn { urls = [\"turn:10.0.0.5:3478?transport=tcp\"],"
        + " shared-secret = \"" + secret + "\" }"));
    assertThat(c.turn().enabled()).isTrue();
    assertThat(c.toString()).doesNotContain(secret);
  }
}
