package org.telerounds.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** coturn's REST-API credentials: "<expiry>:<id>" and base64(HMAC-SHA1(secret, username)). */
class TurnCredentialsTest {
  private static final String SECRET = "north-wing-turn-secret-0123456789abcdef";

  @Test
  void knownVector() {
    // printf '%s' '1700003600:p1' | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
    assertThat(TurnCredentials.password(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "1700003600:p1"))
        .isEqualTo("g6w8c9vnj0inj0lE60pKISZWweA=");
  }

  @Test
  void usernameCarriesTheExpiryAndIdAndTheSecretIsNeverShown() {
    java.time.Clock clock = java.time.Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), java.time.ZoneOffset.UTC);
    List<String> urls = List.of("turn:10.0.0.5:3478?transport=udp", "turn:10.0.0.5:443?transport=tcp");
    TurnCredentials maker = new TurnCredentials(urls, SECRET, Duration.ofHours(1), clock);
    TurnCredentials.IceServer s = maker.issue("p1");
    assertThat(s.urls()).isEqualTo(urls);
    assertThat(s.username()).isEqualTo("1700003600:p1");
    assertThat(s.credential()).isEqualTo("g6w8c9vnj0inj0lE60pKISZWweA=");
    assertThat(s.toString()).doesNotContain(s.credential());
    assertThat(maker.toString()).doesNotContain(SECRET);
    TurnCredentials later = new TurnCredentials(urls, SECRET, Duration.ofHours(1),
        java.time.Clock.offset(clock, Duration.ofMinutes(10)));
    assertThat(later.issue("p1").username()).isEqualTo("1700004200:p1");
  }
}
