package org.telerounds.cart.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigOriginFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rule helpers: regex compatibility, URLs, key hints and origins. */
class SmallRulesTest {
  @Test
  void labelPatternsMustCompileAndAvoidJavaOnlySyntax() {
    assertThat(LabelPatterns.whyInvalid("^Firefly (DE|GT)[0-9]+")).isNull();
    assertThat(LabelPatterns.whyInvalid("Shure MV5|Bedside Mic")).isNull();
    assertThat(LabelPatterns.whyInvalid("a\\+\\+b")).isNull();
    assertThat(LabelPatterns.whyInvalid("[+]+x")).isNull();
    assertThat(LabelPatterns.whyInvalid("(?<name>cam)(?:x)(?=y)(?!z)")).isNull();
    assertThat(LabelPatterns.whyInvalid("PTZ (Pro")).isEqualTo("unclosed group near index 8");
    assertThat(LabelPatterns.whyInvalid("x*+")).contains("possessive");
    assertThat(LabelPatterns.whyInvalid("(?>atomic)")).startsWith("Java-only group \"(?>\"");
    assertThat(LabelPatterns.whyInvalid("\\Qliteral\\E")).startsWith("Java-only escape \"\\Q\"");
  }

  @Test
  void signalingUrlsAreTlsExceptOnLoopback() {
    assertThat(Urls.isSignalingUrl("wss://rounds.example.org/ws")).isTrue();
    assertThat(Urls.isSignalingUrl("wss://10.0.0.5:8443/ws")).isTrue();
    assertThat(Urls.isSignalingUrl("ws://localhost:8080/ws")).isTrue();
    assertThat(Urls.isSignalingUrl("ws://127.0.0.1:8080/ws")).isTrue();
    assertThat(Urls.isSignalingUrl("ws://[::1]:8080/ws")).isTrue();
    assertThat(Urls.isSignalingUrl("ws://10.0.0.5/ws")).isFalse();
    assertThat(Urls.isSignalingUrl("https://rounds.example.org/ws")).isFalse();
    assertThat(Urls.isSignalingUrl("wss://user:pw@rounds.example.org/ws")).isFalse();
    assertThat(Urls.isSignalingUrl("rounds.example.org")).isFalse();
  }

  @Test
  void turnUrlsFollowRfc7065() {
    assertThat(Urls.isTurnUrl("turn:turn.example.org")).isTrue();
    assertThat(Urls.isTurnUrl("turns:turn.example.org:5349?transport=tcp")).isTrue();
    assertThat(Urls.isTurnUrl("turn:[2001:db8::1]:3478?transport=udp")).isTrue();
    assertThat(Urls.isTurnUrl("turn:turn.example.org:70000")).isFalse();
    assertThat(Urls.isTurnUrl("turn://turn.example.org")).isFalse();
    assertThat(Urls.isTurnUrl("stun:stun.example.org")).isFalse();
    assertThat(Urls.isTurnUrl("turn:turn.example.org?transport=sctp")).isFalse();
  }

  @Test
  void keyHintsSuggestOnlyLikelyTypos() {
    List<String> keys = List.of("fps", "resolution", "max-bitrate-kbps");
    assertThat(KeyHints.nearest("resolutoin", keys)).isEqualTo("resolution");
    assertThat(KeyHints.nearest("max-bitrate", keys)).isNull();
    assertThat(KeyHints.nearest("xyz", keys)).isNull();
  }

  @Test
  void mergedOriginsPointAtTheOverridingFile() {
    assertThat(Where.of(ConfigOriginFactory.newFile("carts/c.conf").withLineNumber(7)))
        .isEqualTo(new Where("carts/c.conf", 7));
    assertThat(Where.of(ConfigOriginFactory.newSimple("merge of carts/c.conf: 3,models/m.conf: 9")))
        .isEqualTo(new Where("carts/c.conf", 3));
    assertThat(Where.of(ConfigOriginFactory.newSimple("merge of carts/c.conf: 3-5,models/m.conf: 9")))
        .isEqualTo(new Where("carts/c.conf", 3));
  }
}
