package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hospital firewalls that block UDP. One browser's UDP is dropped by an nftables input-hook rule
 * in the test namespace (its WebRTC UDP sockets use a port range of their own, so the rule hits it
 * and not the other browser); it still gets the other side's video and audio, once over ICE-TCP
 * straight to the media server, once over TURN/TCP through a real coturn the test starts. The
 * blocked side is the expert in one case and the cart in the other. /metrics shows the blocked
 * client's path (tcp or turn). A control case blocks nobody and offers neither: both sides on UDP.
 * The media server's UDP port and coturn's port are picked outside both browsers' ranges: the rule
 * matches on source port only, so a server port inside the blocked range dropped the server's own
 * UDP too (full run 9: every DTLS handshake in that server timed out, the unblocked cart's as well).
 * The time from opening the cart page to the expert's first decoded
 * frame is printed (docs/benchmarks.md), not asserted.
 */
class FirewalledClientIT {
  private static final String BLOCKED_PORTS = "41000-41999";
  private static final String OPEN_PORTS = "42000-42999";
  /** coturn relays from here: relayed media reaches the server from an address no browser uses. */
  private static final String RELAY_IP = "127.0.0.2";

  @TempDir
  static Path tmp;
  static Path wav;

  @BeforeAll
  static void audio() throws Exception {
    wav = TestAudio.tone(tmp, 440, 30, 48000);
  }

  @ParameterizedTest(name = "{0} blocked, via {1}")
  @CsvSource({"nobody, udp", "expert, ice-tcp", "expert, turn", "cart, ice-tcp", "cart, turn"})
  void udpBlockedClientStillGetsMedia(String blocked, String via) throws Exception {
    Prerequisites pre = Prerequisites.here().browserMedia().tool(Firewall.NFT, "apt-get install nftables");
    if (via.equals("turn")) pre.tool(Coturn.BINARY, "apt-get install coturn");
    String media = System.getenv().getOrDefault("TELEROUNDS_TEST_MEDIA_ADDRESS", "127.0.0.1");
    String secret = randomSecret();
    // every server port outside both browsers' ranges, or the rule drops the server's own UDP too
    Coturn coturn = via.equals("turn")
        ? new Coturn(media, RELAY_IP, secret, Firewall.freePortOutside(media, 41000, 42999)) : null;
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("telerounds.media.udp-port", Firewall.freePortOutside(media, 41000, 42999));
    if (coturn != null) {
      overrides.put("telerounds.media.turn.urls", coturn.urls());
      overrides.put("telerounds.media.turn.shared-secret", secret);
      overrides.put("telerounds.media.turn.relay-addresses", List.of(RELAY_IP));
    } else if (via.equals("ice-tcp")) {
      overrides.put("telerounds.media.ice.tcp.enabled", true);
      overrides.put("telerounds.media.ice.tcp.port", 0);
    }
    String room = "fw-" + blocked + "-" + via;
    String path = via.equals("turn") ? "turn" : via.equals("ice-tcp") ? "tcp" : "udp";
    try (AutoCloseable turn = coturn != null ? coturn : () -> { };
        Firewall fw = Firewall.dropUdpFromPorts(41000, 41999);
        TestServer server = new TestServer(overrides);
        Browser expert = new Browser(wav, 1, blocked.equals("expert") ? BLOCKED_PORTS : OPEN_PORTS);
        Browser cart = new Browser(wav, 1, blocked.equals("cart") ? BLOCKED_PORTS : OPEN_PORTS)) {
      expert.open(server.http() + "/expert?autostart=1&name=cardiology&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(expert.state().get("joined")));
      long start = System.nanoTime();
      cart.open(server.http() + "/cart?autostart=1&room=" + room);
      long firstFrameMs;
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
            .until(() -> framesDecoded(expert) > 0);
        firstFrameMs = (System.nanoTime() - start) / 1_000_000;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .untilAsserted(() -> assertMediaFlows(expert));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(connected(server, path)).as("transports connected over " + path)
                .isGreaterThanOrEqualTo(blocked.equals("nobody") ? 2 : 1));
      } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
        // full run 9 once saw no frame at all over TURN in 90 s: keep what the firewall and coturn saw
        throw new AssertionError(e.getMessage() + "\nnft: " + Firewall.list()
            + (coturn != null ? "\ncoturn: " + coturn.log() : ""), e);
      }
      System.out.printf("FIREWALL %s blocked via %s: cart page opened -> first frame at the expert %d ms"
          + " (transports: udp=%d tcp=%d turn=%d)%n", blocked, via, firstFrameMs, connected(server, "udp"),
          connected(server, "tcp"), connected(server, "turn"));
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();
      if (!blocked.equals("nobody")) {
        assertThat(Firewall.list()).as("the firewall dropped the blocked browser's UDP")
            .containsPattern("counter packets [1-9]");
      }
    }
  }

  private static String randomSecret() {
    byte[] b = new byte[36];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static long framesDecoded(Browser expert) {
    return expert.inboundStats().values().stream().filter(s -> "camera:room".equals(s.get("role")))
        .map(s -> s.get("framesDecoded")).filter(Number.class::isInstance)
        .mapToLong(n -> ((Number) n).longValue()).max().orElse(0);
  }

  private static void assertMediaFlows(Browser expert) {
    Map<String, Map<String, Object>> stats = expert.inboundStats();
    Map<String, Object> video = stats.values().stream().filter(s -> "camera:room".equals(s.get("role")))
        .findFirst().orElse(null);
    Map<String, Object> audio = stats.values().stream().filter(s -> "mic:patient".equals(s.get("role")))
        .findFirst().orElse(null);
    assertThat(video).as("camera:room inbound stats").isNotNull();
    assertThat(audio).as("mic:patient inbound stats").isNotNull();
    assertThat(((Number) video.get("framesDecoded")).longValue()).as("framesDecoded").isGreaterThan(30);
    assertThat(((Number) audio.get("packetsReceived")).longValue()).as("mic:patient packetsReceived")
        .isGreaterThan(20);
  }

  private static final Pattern GAUGE = Pattern.compile(
      "telerounds_media_transports_connected\\{path=\"(udp|tcp|turn)\"[^}]*\\} ([0-9.]+)");

  /** telerounds_media_transports_connected{path=...} as /metrics shows it. */
  private static long connected(TestServer server, String path) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.http() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = GAUGE.matcher(body);
    while (m.find()) {
      if (m.group(1).equals(path)) return (long) Double.parseDouble(m.group(2));
    }
    throw new AssertionError("no telerounds_media_transports_connected{path=\"" + path + "\"} in /metrics");
  }
}
