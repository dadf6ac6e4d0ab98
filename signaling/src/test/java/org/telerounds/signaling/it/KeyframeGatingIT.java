package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telerounds.signaling.auth.Role;

/**
 * Keyframe gating seen by an independent WebRTC stack that never asks for keyframes by itself:
 * Debian's python3-aiortc. An aiortc cart publishes two VP8 cameras (aiortc's encoder makes a
 * keyframe only when asked, or every 3000 frames), and an aiortc expert joins, decodes and leaves
 * again and again. Every camera must decode in every join: a leg that started on an interframe, or
 * whose first keyframe request was swallowed by the throttle, stays black, as 26 of 56 joins did
 * before gating. Time to first frame is printed for docs/benchmarks.md, never asserted.
 */
class KeyframeGatingIT {
  static final String PYTHON = "/usr/bin/python3";
  /** Joins per frame rate; {@code -Dtelerounds.keyframe-it.joins=N} to change. */
  static final int JOINS = Integer.getInteger("telerounds.keyframe-it.joins", 30);
  /** Joins of the simulcast case; {@code -Dtelerounds.keyframe-it.simulcast-joins=N} to change. */
  static final int SIMULCAST_JOINS = Integer.getInteger("telerounds.keyframe-it.simulcast-joins", 10);
  /** How long one join may take to decode both cameras before it counts as black. */
  static final int JOIN_TIMEOUT_S = 20;

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0} fps")
  @ValueSource(ints = {15, 30})
  void everyCameraDecodesInEveryJoin(int fps) throws Exception {
    Prerequisites.here().python("aiortc, websockets, av", "apt-get install python3-aiortc python3-websockets");
    Path peer = Path.of(KeyframeGatingIT.class.getResource("/aiortc/keyframe_peer.py").toURI());
    String host = TestServer.inNamespace() ? "10.200.0.2" : "127.0.0.1";
    String room = "keyframe-" + fps + "fps";
    try (TestServer server = new TestServer()) {
      Peer cart = Peer.start(tmp.resolve("cart-" + fps + ".log"), host, PYTHON, peer.toString(), "cart", server.ws(),
          room, server.token(Role.CART, room), Integer.toString(fps));
      try (cart) {
        JsonNode published = cart.next(60);
        assertThat(published).as("the aiortc cart published (see %s)", cart.log).isNotNull();
        assertThat(published.path("published").toString()).contains("camera:room", "camera:exam");

        List<JsonNode> joins = joins(server, room, fps + "fps", JOINS, peer, host);
        report(fps + " fps", joins, metric(server, "awaiting_keyframe"), metric(server, "nack_cache_miss"));
        assertThat(joins).as("joins where a camera stayed black for %d s", JOIN_TIMEOUT_S)
            .filteredOn(j -> !j.path("ok").asBoolean()).isEmpty();
      }
    }
  }

  /**
   * The simulcast path seen by the same independent expert: a Chromium cart sends its room camera
   * as three layers (its profile lists them) and the exam camera as one. aiortc negotiates no
   * transport-cc, so each of its legs aims at the highest layer being sent, and must start at a
   * keyframe of that layer; every join must decode both cameras.
   */
  @org.junit.jupiter.api.Test
  void aSimulcastCameraDecodesInEveryJoin() throws Exception {
    Prerequisites.here().browserMedia()
        .python("aiortc, websockets, av", "apt-get install python3-aiortc python3-websockets");
    Path peer = Path.of(KeyframeGatingIT.class.getResource("/aiortc/keyframe_peer.py").toURI());
    String host = TestServer.inNamespace() ? "10.200.0.2" : "127.0.0.1";
    String room = "keyframe-simulcast";
    Path wav = TestAudio.tone(tmp, 440, 300, 48000);
    try (TestServer server = new TestServer();
        Browser cart = new Browser(wav, 3)) {
      SimulcastIT.startCart(server, cart, room);
      assertThat((String) cart.js("return window.trClient.pub.localDescription.sdp")).contains("a=simulcast:send");
      List<JsonNode> joins = joins(server, room, "simulcast", SIMULCAST_JOINS, peer, host);
      report("simulcast", joins, metric(server, "awaiting_keyframe"), metric(server, "other_layer"));
      System.out.println("KEYFRAME-IT simulcast: the cart sends " + SimulcastIT.outbound(cart));
      assertThat(joins).as("joins where a camera stayed black for %d s", JOIN_TIMEOUT_S)
          .filteredOn(j -> !j.path("ok").asBoolean()).isEmpty();
      assertThat(joins).extracting(j -> j.path("widths").path("camera:room").asInt())
          .as("the room camera's first picture in each join").allMatch(w -> w >= 320);
      assertThat(cart.errors()).isEmpty();
    }
  }

  /** {@code n} joins of one aiortc expert process, each with its own token; their JSON reports. */
  private List<JsonNode> joins(TestServer server, String room, String label, int n, Path peer, String host)
      throws Exception {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) tokens.add(server.tokenFor("aiortc-expert-" + label + "-" + i, Role.EXPERT, room));
    Path tokenFile = Files.write(tmp.resolve("tokens-" + label), tokens);
    List<JsonNode> joins = new ArrayList<>();
    try (Peer expert = Peer.start(tmp.resolve("expert-" + label + ".log"), host, PYTHON, peer.toString(), "expert",
        server.ws(), room, tokenFile.toString(), Integer.toString(JOIN_TIMEOUT_S))) {
      for (int i = 0; i < n; i++) {
        JsonNode j = expert.next(JOIN_TIMEOUT_S + 30);
        assertThat(j).as("join %d reported (see %s)", i, expert.log).isNotNull();
        joins.add(j);
      }
    }
    return joins;
  }

  /** Prints the figures docs/benchmarks.md quotes. */
  private static void report(String what, List<JsonNode> joins, double gatedDrops, double otherDrops) {
    List<Double> both = new ArrayList<>();
    int black = 0;
    for (JsonNode j : joins) {
      if (j.path("ok").asBoolean()) {
        both.add(j.path("bothMs").asDouble());
      } else {
        black++;
      }
    }
    both.sort(null);
    System.out.printf("KEYFRAME-IT %s: %d joins, %d with a black camera; join -> both cameras decoded: "
        + "p50 %.0f ms, p95 %.0f ms, max %.0f ms; drops awaiting_keyframe %.0f, %s %.0f%n", what,
        joins.size(), black, pct(both, 50), pct(both, 95), both.isEmpty() ? Double.NaN : both.get(both.size() - 1),
        gatedDrops, what.equals("simulcast") ? "other_layer" : "nack_cache_miss", otherDrops);
    joins.forEach(j -> System.out.println("KEYFRAME-IT " + what + " join " + j));
  }

  private static double pct(List<Double> sorted, int p) {
    if (sorted.isEmpty()) return Double.NaN;
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static double metric(TestServer server, String reason) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.http() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("telerounds_media_drops_total\\{reason=\"" + reason + "\"[^}]*} ([0-9.E]+)").matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** One aiortc process: JSON lines from its stdout, stderr to a log file, stdin held open. */
  static final class Peer implements AutoCloseable {
    final Process process;
    final Path log;
    final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

    private Peer(Process process, Path log) {
      this.process = process;
      this.log = log;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("{")) lines.add(WsClient.JSON.readTree(line));
          }
        } catch (Exception e) {
          // the process ended
        }
      }, "aiortc-peer-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Peer start(Path log, String host, String... command) throws Exception {
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
      Map<String, String> env = pb.environment();
      env.put("KEYFRAME_PEER_HOST", host);
      env.put("PYTHONUNBUFFERED", "1");
      return new Peer(pb.start(), log);
    }

    /** The next JSON line, or null after {@code seconds}. */
    JsonNode next(int seconds) throws InterruptedException {
      return lines.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      process.getOutputStream().close(); // the cart leaves when stdin closes
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      System.out.println("KEYFRAME-IT peer log " + log + ":\n" + tail(log));
    }

    private static String tail(Path log) {
      try {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
      } catch (Exception e) {
        return "(no log)";
      }
    }
  }
}
