package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;

/**
 * The request/reply contract the pages rely on (docs/protocol.md#requests-and-replies): every
 * reply, and every error, carries the {@code id} of the request it answers; the cart page's Mute
 * waited for ever because {@code track.muted} did not. {@code leave} ends with a WebSocket close
 * frame 1000 (clients saw 1006), and a media failure's {@code transport-failed} error is counted in
 * {@code telerounds_signaling_errors_total} like every other error, then closes with 1011.
 */
class ReplyContractIT {

  /** The next message that answers request {@code id}, whatever its type. */
  private static JsonNode replyTo(WsClient c, String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode m = c.inbox.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && id.equals(m.path("id").asText(null))) return m;
    }
    throw new AssertionError("no reply with id " + id + " within 10 s");
  }

  private static String publishMic(WsClient cart, String id) throws Exception {
    ObjectNode publish = WsClient.JSON.createObjectNode().put("type", "publish").put("id", id).put("sdp", BadInputIT.OFFER);
    publish.set("tracks", WsClient.JSON.readTree("[{\"mid\":\"0\",\"role\":\"mic:patient\"}]"));
    cart.send(publish.toString());
    JsonNode answer = replyTo(cart, id);
    assertThat(answer.path("type").asText()).isEqualTo("publish.answer");
    return answer.path("tracks").get(0).path("trackId").asText();
  }

  @Test
  void everyReplyEchoesItsRequestId() throws Exception {
    try (TestServer server = new TestServer();
        WsClient cart = new WsClient(server.ws(), "r1", server.token(Role.CART, "r1"));
        WsClient expert = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
      cart.send("{\"type\":\"join\",\"id\":\"c-join\"}");
      JsonNode cartJoined = replyTo(cart, "c-join");
      assertThat(cartJoined.path("type").asText()).isEqualTo("joined");
      String cartId = cartJoined.path("participantId").asText();
      expert.send("{\"type\":\"join\",\"id\":7}");
      assertThat(replyTo(expert, "7").path("type").asText()).isEqualTo("joined");

      cart.send("{\"type\":\"ping\",\"id\":\"c-ping\"}");
      assertThat(replyTo(cart, "c-ping").path("type").asText()).isEqualTo("pong");

      String trackId = publishMic(cart, "c-pub");
      cart.send("{\"type\":\"mute\",\"id\":\"c-mute\",\"trackId\":\"" + trackId + "\",\"muted\":true}");
      JsonNode muted = replyTo(cart, "c-mute");
      assertThat(muted.path("type").asText()).isEqualTo("track.muted");
      assertThat(muted.path("muted").asBoolean()).isTrue();
      JsonNode seen = expert.next("track.muted");
      assertThat(seen.path("trackId").asText()).isEqualTo(trackId);
      assertThat(seen.has("id")).as("the broadcast carries no one else's id").isFalse();
      cart.send("{\"type\":\"mute\",\"id\":\"c-unmute\",\"trackId\":\"" + trackId + "\",\"muted\":false}");
      assertThat(replyTo(cart, "c-unmute").path("muted").asBoolean()).isFalse();

      cart.send("{\"type\":\"privacy\",\"id\":\"c-priv\",\"on\":true}");
      assertThat(replyTo(cart, "c-priv").path("type").asText()).isEqualTo("privacy");
      cart.send("{\"type\":\"privacy\",\"id\":\"c-priv2\",\"on\":false}");
      assertThat(replyTo(cart, "c-priv2").path("type").asText()).isIn("privacy", "error");

      expert.send("{\"type\":\"camera.control\",\"id\":\"e-cam\",\"target\":\"" + cartId + "\",\"camera\":\"camera:room\","
          + "\"action\":\"relative\",\"pan\":5}");
      assertThat(replyTo(expert, "e-cam").path("type").asText()).isEqualTo("camera.sent");

      expert.send("{\"type\":\"ice.restart\",\"id\":\"e-ice\",\"pc\":\"subscribe\"}");
      JsonNode restarting = replyTo(expert, "e-ice");
      assertThat(restarting.path("type").asText()).isEqualTo("ice.restarting");
      assertThat(restarting.path("pc").asText()).isEqualTo("subscribe");

      expert.send("{\"type\":\"enhancement\",\"id\":\"e-enh\",\"enabled\":false}");
      assertThat(replyTo(expert, "e-enh").path("type").asText()).isIn("enhancement.state", "error");

      // errors echo the id too, whatever went wrong
      cart.send("{\"type\":\"mute\",\"id\":\"c-bad\",\"trackId\":\"nope\"}");
      assertThat(replyTo(cart, "c-bad").path("code").asText()).isEqualTo("bad-request");
      cart.send("{\"type\":\"no-such\",\"id\":\"c-unknown\"}");
      assertThat(replyTo(cart, "c-unknown").path("code").asText()).isEqualTo("unknown-type");
      expert.send("{\"type\":\"join\",\"id\":\"e-again\"}");
      assertThat(replyTo(expert, "e-again").path("code").asText()).isEqualTo("already-joined");

      cart.send("{\"type\":\"leave\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> cart.closeCode == 1000);
      expert.next("participant.left");
    }
  }

  /** Netty's WebSocket protocol handler answers the client's pings and echoes its close frame. */
  @Test
  void webSocketPingsAreAnsweredAndACloseFrameIsEchoed() throws Exception {
    try (TestServer server = new TestServer();
        WsClient c = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
      c.ws.sendPing(java.nio.ByteBuffer.wrap("still-there".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(c.pongs.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("still-there");
      c.send("{\"type\":\"ping\",\"id\":\"after\"}");
      assertThat(replyTo(c, "after").path("type").asText()).isEqualTo("pong");
      c.ws.sendClose(1000, "bye").get(5, java.util.concurrent.TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> c.closeCode == 1000);
    }
  }

  @Test
  void transportFailedIsCountedAndClosesWith1011() throws Exception {
    try (TestServer server = new TestServer(Map.of("telerounds.media.ice.consent-timeout", "1s"));
        WsClient cart = new WsClient(server.ws(), "r2", server.token(Role.CART, "r2"))) {
      var counter = server.server.registry().get("telerounds.signaling.errors").tag("code", "transport-failed").counter();
      double before = counter.count();
      cart.send("{\"type\":\"join\"}");
      cart.next("joined");
      publishMic(cart, "pub"); // and then never a STUN check: consent expires
      JsonNode failed = cart.next("error");
      assertThat(failed.path("code").asText()).isEqualTo("transport-failed");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counter.count()).isEqualTo(before + 1));
      await().atMost(Duration.ofSeconds(10)).until(() -> cart.closeCode == 1011);
    }
  }
}
