package org.telerounds.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A WebSocket ends with close code 4001 when its token expires, and only then. */
class TokenExpiryTest {
  final Instant now = Instant.parse("2030-01-01T10:00:00Z");
  final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

  @Test
  void closesWithCode4001AtExpiryPlusLeeway() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast(new TokenExpiry(now.plusSeconds(60), Duration.ofSeconds(30), clock));
    ch.advanceTimeBy(89, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    assertThat((Object) ch.readOutbound()).isNull();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    CloseWebSocketFrame close = ch.readOutbound();
    assertThat(close.statusCode()).isEqualTo(4001);
    assertThat(close.reasonText()).isEqualTo("token-expired");
    close.release();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void anAlreadyExpiredTokenClosesAtOnceAndAnEarlyCloseCancelsTheTimer() {
    EmbeddedChannel expired = new EmbeddedChannel();
    expired.pipeline().addLast(new TokenExpiry(now.minusSeconds(120), Duration.ofSeconds(30), clock));
    expired.runScheduledPendingTasks();
    assertThat(expired.isOpen()).isFalse();
    ((CloseWebSocketFrame) expired.readOutbound()).release();

    EmbeddedChannel early = new EmbeddedChannel();
    early.freezeTime();
    early.pipeline().addLast(new TokenExpiry(now.plusSeconds(60), Duration.ofSeconds(30), clock));
    early.close();
    early.advanceTimeBy(1, TimeUnit.HOURS);
    assertThat(early.runScheduledPendingTasks()).isEqualTo(-1); // nothing left scheduled
    assertThat((Object) early.readOutbound()).isNull();
  }
}
