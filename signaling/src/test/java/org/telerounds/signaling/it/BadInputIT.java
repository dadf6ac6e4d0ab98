package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telerounds.media.ice.StunMessage;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.metrics.MediaMetrics.PacketType;
import org.telerounds.media.sdp.SessionDescription;
import org.telerounds.signaling.auth.Role;

/**
 * Hostile or broken input gets an error message or is dropped and counted; the sender's own
 * connection and everyone else's stay healthy, and the server keeps serving.
 */
class BadInputIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static final String OFFER = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
      "a=group:BUNDLE 0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=ice-ufrag:cli1",
      "a=ice-pwd:client-password-0123456789",
      "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
      "a=setup:actpass", "a=mid:0", "a=sendonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
      "a=ssrc:1111 cname:x", "") ;

  @Test
  void malformedMessagesGetErrorsAndTheConnectionStaysUsable() throws Exception {
    try (WsClient bystander = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"));
        WsClient c = new WsClient(server.ws(), "r1", server.token(Role.CART, "r1"))) {
      bystander.send("{\"type\":\"join\"}");
      bystander.next("joined");
      c.send("{not json");
      assertThat(c.next("error").path("code").asText()).isEqualTo("bad-json");
      c.send("[1,2,3]");
      assertThat(c.next("error").path("code").asText()).isEqualTo("bad-request");
      c.send("{\"type\":\"teleport\",\"id\":\"9\"}");
      JsonNode unknown = c.next("error");
      assertThat(unknown.path("code").asText()).isEqualTo("unknown-type");
      assertThat(unknown.path("id").asText()).isEqualTo("9");
      c.send("{\"type\":\"publish\",\"sdp\":\"" + "x".repeat(70 * 1024) + "\"}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("message-too-large");
      c.send("{\"type\":\"publish\",\"sdp\":\"v=0\"}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("not-joined");
      c.send("{\"type\":\"ice.restart\",\"pc\":\"subscribe\"}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("not-joined");
      c.send("{\"type\":\"join\"}");
      c.next("joined");
      c.send("{\"type\":\"join\"}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("already-joined");
      c.send("{\"type\":\"publish\",\"sdp\":\"hello\",\"tracks\":[]}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("bad-sdp");
      c.send("{\"type\":\"publish\",\"sdp\":\"v=0\",\"tracks\":[{\"mid\":\"0\",\"role\":\"camera:ceiling\"}]}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("forbidden-track-role");
      // ice.restart: only the subscribe connection, only once it exists, and not in a flood
      c.send("{\"type\":\"ice.restart\"}");
      assertThat(c.next("error").path("message").asText()).contains("pc");
      c.send("{\"type\":\"ice.restart\",\"pc\":\"publish\"}");
      assertThat(c.next("error").path("message").asText()).contains("offer");
      c.send("{\"type\":\"ice.restart\",\"pc\":\"subscribe\"}");
      assertThat(c.next("error").path("message").asText()).contains("no subscribe connection");
      // each of the 20 gets exactly one error: rate-limited, or (a token was left) no connection,
      // which comes back from the media loop and may follow the pong
      int restartsLimited = 0;
      int restartErrors = 0;
      boolean pong = false;
      for (int i = 0; i < 20; i++) c.send("{\"type\":\"ice.restart\",\"pc\":\"subscribe\"}");
      c.send("{\"type\":\"ping\"}");
      while (!pong || restartErrors < 20) {
        JsonNode m = c.next();
        pong |= m.path("type").asText().equals("pong");
        if (m.path("type").asText().equals("error")) restartErrors++;
        if (m.path("code").asText().equals("rate-limited")) restartsLimited++;
      }
      assertThat(restartsLimited).as("20 ice.restart at once: most refused").isGreaterThan(10);
      // video.view: sizes by mid, checked; a flood is rate-limited, not applied
      c.send("{\"type\":\"video.view\",\"views\":{}}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("bad-request");
      c.send("{\"type\":\"video.view\",\"views\":[{\"mid\":\"../../etc\",\"width\":1,\"height\":1}]}");
      assertThat(c.next("error").path("message").asText()).contains("mid");
      c.send("{\"type\":\"video.view\",\"views\":[{\"mid\":\"1\",\"width\":-5,\"height\":1e9}]}");
      assertThat(c.next("error").path("message").asText()).contains("width");
      c.send("{\"type\":\"video.view\",\"views\":[" + "{\"mid\":\"1\",\"width\":1,\"height\":1},".repeat(40)
          + "{\"mid\":\"1\",\"width\":1,\"height\":1}]}");
      assertThat(c.next("error").path("code").asText()).isEqualTo("bad-request");
      int limited = 0;
      for (int i = 0; i < 40; i++) {
        c.send("{\"type\":\"video.view\",\"id\":\"v" + i + "\",\"views\":[{\"mid\":\"7\",\"width\":320,\"height\":180}]}");
      }
      c.send("{\"type\":\"ping\"}");
      for (JsonNode m = c.next(); !m.path("type").asText().equals("pong"); m = c.next()) {
        if (m.path("code").asText().equals("rate-limited")) limited++;
      }
      assertThat(limited).as("40 video.view at once: most refused").isGreaterThan(20);
      c.send("{\"type\":\"ping\"}");
      c.next("pong");
      bystander.send("{\"type\":\"ping\"}");
      bystander.next("pong");
      assertThat(c.closeCode).isEqualTo(-1);
    }
  }

  @Test
  void mediaPortDropsGarbageAndBadStunIntegrityWithoutReply() throws Exception {
    var metrics = server.server.media().metrics();
    InetSocketAddress media = new InetSocketAddress(server.mediaAddress, server.server.mediaPort());
    try (WsClient cart = new WsClient(server.ws(), "r2", server.token(Role.CART, "r2"));
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(server.mediaAddress, 0))) {
      udp.setSoTimeout(3000);
      cart.send("{\"type\":\"join\"}");
      cart.next("joined");
      cart.send(WsClient.JSON.createObjectNode().put("type", "publish").put("sdp", OFFER)
          .set("tracks", WsClient.JSON.readTree("[{\"mid\":\"0\",\"role\":\"mic:patient\"}]")).toString());
      JsonNode answer = cart.next("publish.answer");
      var params = SessionDescription.parse(answer.path("sdp").asText()).transportParams();

      double unknownBefore = metrics.drops(DropReason.UNKNOWN_TYPE) + metrics.drops(DropReason.UNKNOWN_ADDRESS)
          + metrics.drops(DropReason.MALFORMED) + metrics.drops(DropReason.UNKNOWN_UFRAG);
      Random rnd = new Random(42);
      for (int i = 0; i < 2000; i++) {
        byte[] g = new byte[1 + rnd.nextInt(1400)];
        rnd.nextBytes(g);
        udp.send(new DatagramPacket(g, g.length, media));
      }
      byte[] badStun = StunMessage.request(new byte[12]).username(params.iceUfrag() + ":cli1").priority(1)
          .iceControlling(1).useCandidate().sign("definitely-not-the-password");
      udp.send(new DatagramPacket(badStun, badStun.length, media));
      // the bad check gets no answer at all (no reflection); the good one, same transaction, does
      byte[] goodStun = StunMessage.request(new byte[12]).username(params.iceUfrag() + ":cli1").priority(1)
          .iceControlling(1).useCandidate().sign(params.icePwd());
      udp.send(new DatagramPacket(goodStun, goodStun.length, media));
      byte[] buf = new byte[1500];
      StunMessage ok = StunMessage.parse(buf, 0, receiveStun(udp, buf).getLength());
      assertThat(ok.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
      assertThat(ok.integrityValid(params.icePwd())).isTrue();

      org.awaitility.Awaitility.await().untilAsserted(() -> {
        assertThat(metrics.drops(DropReason.STUN_UNAUTHORIZED)).isGreaterThanOrEqualTo(1);
        double unknownAfter = metrics.drops(DropReason.UNKNOWN_TYPE) + metrics.drops(DropReason.UNKNOWN_ADDRESS)
            + metrics.drops(DropReason.MALFORMED) + metrics.drops(DropReason.UNKNOWN_UFRAG);
        assertThat(unknownAfter - unknownBefore).isGreaterThanOrEqualTo(1900);
      });
      cart.send("{\"type\":\"ping\"}");
      cart.next("pong");
      assertThat(metrics.packetsIn(PacketType.STUN)).isGreaterThan(0);
    }
  }

  /** Skips any datagram that is not the reply for our (all-zero) transaction. */
  private static DatagramPacket receiveStun(DatagramSocket udp, byte[] buf) throws Exception {
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      udp.receive(p);
      StunMessage m = StunMessage.parse(p.getData(), 0, p.getLength());
      if (m != null && java.util.Arrays.equals(m.transactionId(), new byte[12])) return p;
    }
  }
}
