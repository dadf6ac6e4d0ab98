package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;

/**
 * Issue 16's web-facing faults against a real server on loopback: pages carry a CSP and may not be
 * framed, /ws refuses foreign origins, the dev token endpoint checks the Host and audits what it
 * issues, display names cannot pose as the bedside, a WebSocket ends when its token does, and idle
 * connections are closed while a pinged WebSocket lives on.
 */
class SecurityIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(Map.of("telerounds.signaling.connections.idle-timeout", "2s"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A raw HTTP/1.1 request; returns the whole response (status line, headers, body). */
  static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String upgrade(int port, String query, String origin) throws Exception {
    return raw(port, "GET /ws?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n");
  }

  @Test
  void pagesCarryACspAndRefuseFraming() throws Exception {
    int port = server.server.httpPort();
    for (String path : List.of("/", "/expert", "/cart", "/audit", "/static/expert.js", "/health")) {
      String r = raw(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(r).as(path).startsWith("HTTP/1.1 200").containsIgnoringCase("content-security-policy: ")
          .contains("script-src 'self'").contains("frame-ancestors 'none'").containsIgnoringCase("x-frame-options: DENY")
          .containsIgnoringCase("x-content-type-options: nosniff").containsIgnoringCase("referrer-policy: no-referrer");
      assertThat(r).as("no inline handlers or scripts in " + path).doesNotContainPattern("(?i)<[^>]+\\son[a-z]+=")
          .doesNotContainPattern("(?i)<script>").doesNotContainPattern("(?i)<style>");
    }
  }

  @Test
  void webSocketRefusesForeignOriginsBeforeTheUpgrade() throws Exception {
    int port = server.server.httpPort();
    String token = server.token(Role.EXPERT, "o1");
    for (String evil : List.of("http://evil.example", "http://127.0.0.1:" + (port + 1), "null",
        "http://127.0.0.1.evil.example:" + port, "https://127.0.0.1:" + port)) {
      String r = upgrade(port, "room=o1&token=" + token, evil);
      assertThat(r).as(evil).startsWith("HTTP/1.1 403").contains("\"origin-forbidden\"");
    }
    assertThat(upgrade(port, "room=o1&token=" + token, "http://127.0.0.1:" + port)).startsWith("HTTP/1.1 101");
    assertThat(upgrade(port, "room=o1&token=" + token, "http://localhost:" + port)).startsWith("HTTP/1.1 101");
    assertThat(upgrade(port, "room=o1&token=" + token, null)).startsWith("HTTP/1.1 101"); // no browser
  }

  @Test
  void devTokensNeedALoopbackHostAndAreAudited() throws Exception {
    int port = server.server.httpPort();
    String rebound = raw(port, "GET /api/dev/token?role=admin&room=x HTTP/1.1\r\nHost: evil.example:" + port
        + "\r\nConnection: close\r\n\r\n");
    assertThat(rebound).startsWith("HTTP/1.1 403").contains("host-forbidden").doesNotContain("\"token\"");
    String ok = raw(port, "GET /api/dev/token?role=operator&room=audited-room&sub=dev-op-7 HTTP/1.1\r\nHost: localhost:"
        + port + "\r\nConnection: close\r\n\r\n");
    assertThat(ok).startsWith("HTTP/1.1 200").contains("\"token\"");
    String admin = server.token(Role.ADMIN, "*");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      String entries = raw(port, "GET /api/audit?from=1&limit=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + admin + "\r\nConnection: close\r\n\r\n");
      assertThat(entries).contains("dev.token").contains("dev-op-7").contains("audited-room")
          .contains("Host header is not a loopback name");
    });
  }

  @Test
  void displayNamesCannotPoseAsTheBedside() throws Exception {
    try (WsClient c = new WsClient(server.ws(), "n1", server.token(Role.EXPERT, "n1"))) {
      for (String name : List.of("Bedside", "Patient", "[cart]", "Раtient", "Operator")) {
        c.send("{\"type\":\"join\",\"room\":\"n1\",\"name\":" + WsClient.JSON.writeValueAsString(name) + "}");
        JsonNode e = c.next("error");
        assertThat(e.path("code").asText()).as(name).isEqualTo("bad-name");
      }
      c.send("{\"type\":\"join\",\"room\":\"n1\",\"name\":\"Dr Chen\"}");
      assertThat(c.next("joined").path("role").asText()).isEqualTo("expert");
    }
  }

  @Test
  void aWebSocketEndsWhenItsTokenExpires() throws Exception {
    // expired 27 s ago: still inside the verifier's 30 s leeway, so the upgrade succeeds, then it ends
    String token = server.minter().mint("short-lived", Role.EXPERT, List.of("e1"), Duration.ofSeconds(-27));
    try (WsClient c = new WsClient(server.ws(), "e1", token)) {
      c.send("{\"type\":\"join\",\"room\":\"e1\"}");
      c.next("joined");
      await().atMost(Duration.ofSeconds(20)).until(() -> c.closeCode == 4001);
    }
  }

  @Test
  void idleConnectionsAreClosedWhileAPingedWebSocketStaysOpen() throws Exception {
    int port = server.server.httpPort();
    try (WsClient ws = new WsClient(server.ws(), "i1", server.token(Role.EXPERT, "i1"))) {
      ws.send("{\"type\":\"join\",\"room\":\"i1\",\"name\":\"Dr Idle\"}");
      ws.next("joined");
      List<Socket> idle = new ArrayList<>();
      for (int i = 0; i < 5; i++) idle.add(new Socket("127.0.0.1", port));
      try {
        for (Socket s : idle) {
          s.setSoTimeout(20_000);
          InputStream in = s.getInputStream();
          assertThat(in.read()).isEqualTo(-1); // closed by the server after the 2 s idle timeout
        }
      } finally {
        for (Socket s : idle) s.close();
      }
      // several idle timeouts later the WebSocket, kept alive by pings, still answers
      Thread.sleep(5000);
      assertThat(ws.closeCode).isEqualTo(-1);
      ws.send("{\"type\":\"ping\"}");
      assertThat(ws.next("pong")).isNotNull();
    }
  }

  @Test
  void aFullPerIpCapRefusesNewConnectionsButNotTheEstablishedSession() throws Exception {
    try (TestServer capped = new TestServer(Map.of("telerounds.signaling.connections.max-per-ip", 4))) {
      int port = capped.server.httpPort();
      try (WsClient ws = new WsClient(capped.ws(), "c1", capped.token(Role.EXPERT, "c1"))) {
        ws.send("{\"type\":\"join\",\"room\":\"c1\",\"name\":\"Dr Cap\"}");
        ws.next("joined");
        List<Socket> idle = new ArrayList<>();
        try {
          for (int i = 0; i < 3; i++) idle.add(new Socket("127.0.0.1", port)); // 4 with the WebSocket
          await().atMost(Duration.ofSeconds(10)).until(() -> openConnections(capped) == 4);
          for (int i = 0; i < 3; i++) {
            try (Socket over = new Socket("127.0.0.1", port)) {
              over.setSoTimeout(10_000);
              OutputStream out = over.getOutputStream();
              int got;
              try {
                out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                got = over.getInputStream().read();
              } catch (java.io.IOException reset) {
                got = -1;
              }
              assertThat(got).as("a connection over the per-IP cap is refused").isEqualTo(-1);
            }
          }
          ws.send("{\"type\":\"ping\"}");
          assertThat(ws.next("pong")).isNotNull();
        } finally {
          for (Socket s : idle) s.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openConnections(capped) == 1);
        String metrics = raw(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(metrics).contains("telerounds_signaling_connections_refused_total{reason=\"per-ip\"} 3.0");
        ws.send("{\"type\":\"ping\"}");
        assertThat(ws.next("pong")).isNotNull();
      }
    }
  }

  private static double openConnections(TestServer s) {
    return s.server.registry().get("telerounds.signaling.connections").gauge().value();
  }
}
