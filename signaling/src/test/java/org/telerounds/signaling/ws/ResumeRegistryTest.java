package org.telerounds.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Resume tokens: random and unique, taken once, only by an owner the predicate accepts. */
class ResumeRegistryTest {
  @Test
  void tokensAreLongRandomAndUrlSafe() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String t = ResumeRegistry.newToken();
      assertThat(t).hasSize(43).matches("[A-Za-z0-9_-]+");
      assertThat(seen.add(t)).isTrue();
    }
  }

  @Test
  void aTokenIsTakenOnceAndOnlyByAnAcceptedOwner() {
    ResumeRegistry r = new ResumeRegistry(Duration.ofSeconds(30));
    ResumeRegistry other = new ResumeRegistry(Duration.ofSeconds(30));
    SignalingSession s = new SignalingSession(new io.netty.channel.embedded.EmbeddedChannel(),
        new org.telerounds.signaling.auth.Claims("dr-x", org.telerounds.signaling.auth.Role.EXPERT,
            java.util.List.of("*"), java.util.List.of(), java.time.Instant.now().plusSeconds(600)),
        "r1", null, null, null, null, java.time.Clock.systemUTC(), null, other);
    r.put("t1", s);
    assertThat(r.size()).isEqualTo(1);
    assertThat(r.take("t1", x -> false)).as("refused by the owner check").isNull();
    assertThat(r.size()).as("a refused take leaves it for the rightful owner").isEqualTo(1);
    assertThat(r.take("unknown", x -> true)).isNull();
    assertThat(r.take("t1", x -> x == s)).isSameAs(s);
    assertThat(r.take("t1", x -> true)).as("good once").isNull();
    r.put("t2", s);
    r.remove("t2", s);
    assertThat(r.size()).isZero();
  }

  @Test
  void aZeroWindowIsOffAndANegativeOneIsRefused() {
    assertThat(new ResumeRegistry(Duration.ZERO).enabled()).isFalse();
    assertThat(new ResumeRegistry(Duration.ofSeconds(30)).enabled()).isTrue();
    assertThatThrownBy(() -> new ResumeRegistry(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
