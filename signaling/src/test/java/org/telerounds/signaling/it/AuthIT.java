package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.auth.TokenMinter;

/** The WebSocket upgrade is refused with 401/403 and a JSON error before any signaling happens. */
class AuthIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode refused(String query, String status) throws Exception {
    String r = WsClient.rawUpgrade(server.server.httpPort(), "/ws?" + query);
    assertThat(r).startsWith(status);
    JsonNode body = WsClient.JSON.readTree(r.substring(4));
    assertThat(body.path("type").asText()).isEqualTo("error");
    return body;
  }

  @Test
  void noToken() throws Exception {
    assertThat(refused("room=r1", "401").path("code").asText()).isEqualTo("token-missing");
  }

  @Test
  void expiredToken() throws Exception {
    String t = server.minter().mint("x", Role.EXPERT, List.of("r1"), Duration.ofMinutes(-10));
    assertThat(refused("room=r1&token=" + t, "401").path("code").asText()).isEqualTo("token-expired");
  }

  @Test
  void badSignature() throws Exception {
    String t = new TokenMinter("some-other-secret-0123456789abcdefghij".getBytes(), null, Clock.systemUTC())
        .mint("x", Role.EXPERT, List.of("r1"), Duration.ofMinutes(10));
    assertThat(refused("room=r1&token=" + t, "401").path("code").asText()).isEqualTo("token-signature");
    String tampered = server.token(Role.EXPERT, "r1");
    tampered = tampered.substring(0, tampered.length() - 3) + (tampered.endsWith("AAA") ? "BBB" : "AAA");
    assertThat(refused("room=r1&token=" + tampered, "401").path("code").asText()).isEqualTo("token-signature");
  }

  @Test
  void roomNotInToken() throws Exception {
    assertThat(refused("room=r2&token=" + server.token(Role.EXPERT, "r1"), "403").path("code").asText())
        .isEqualTo("room-forbidden");
  }

  @Test
  void auditorCannotJoinARound() throws Exception {
    assertThat(refused("room=r1&token=" + server.token(Role.AUDITOR, "*"), "403").path("code").asText())
        .isEqualTo("role-forbidden");
    assertThat(refused("room=r1&token=" + server.token(Role.ADMIN, "r1"), "403").path("code").asText())
        .isEqualTo("role-forbidden");
  }

  @Test
  void validTokenUpgradesAndJoins() throws Exception {
    try (WsClient c = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
      c.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"Dr A\"}");
      JsonNode joined = c.next("joined");
      assertThat(joined.path("role").asText()).isEqualTo("expert");
      assertThat(joined.path("participantId").asText()).startsWith("expert-");
    }
  }

  @Test
  void expertCannotPublishCartRoles() throws Exception {
    try (WsClient c = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
      c.send("{\"type\":\"join\"}");
      c.next("joined");
      c.send("{\"type\":\"publish\",\"id\":\"7\",\"sdp\":\"v=0\",\"tracks\":[{\"mid\":\"0\",\"role\":\"camera:room\"}]}");
      JsonNode e = c.next("error");
      assertThat(e.path("code").asText()).isEqualTo("forbidden-track-role");
      assertThat(e.path("id").asText()).isEqualTo("7");
    }
  }

  @Test
  void devTokenEndpointServesLoopback() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var ok = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.http()
        + "/api/dev/token?role=cart&room=r1")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    String token = WsClient.JSON.readTree(ok.body()).path("token").asText();
    try (WsClient c = new WsClient(server.ws(), "r1", token)) {
      c.send("{\"type\":\"join\"}");
      assertThat(c.next("joined").path("role").asText()).isEqualTo("cart");
    }
    var bad = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.http()
        + "/api/dev/token?role=superuser&room=r1")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
  }
}
