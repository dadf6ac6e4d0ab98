package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command as a new user types it: {@code java -jar signaling/target/telerounds.jar
 * --dev} starts, serves pages, health and dev tokens, and stops cleanly on SIGTERM; a bad config
 * file stops it with exit code 2 and the key's name.
 */
class RunCommandIT {
  static final Path JAR = Path.of("target", "telerounds.jar");

  @Test
  void devServerStartsServesAndStops(@TempDir Path tmp) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = tmp.resolve("server.log");
    ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toString(), "--dev")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TELEROUNDS_HTTP_PORT", Integer.toString(port));
    pb.environment().put("TELEROUNDS_MEDIA_UDP_PORT", "0");
    pb.environment().put("TELEROUNDS_CART_STORE", tmp.resolve("carts").toString());
    Process p = pb.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> get(http, base + "/health").statusCode() == 200);
      assertThat(get(http, base + "/cart?room=r1").body()).contains("Bedside cart");
      assertThat(get(http, base + "/expert?room=r1").body()).contains("Remote expert");
      assertThat(get(http, base + "/api/dev/token?role=cart&room=r1").body()).contains("\"token\"");
      assertThat(p.isAlive()).isTrue();
    } finally {
      p.destroy();
    }
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(out).contains("DEV MODE").contains("shutting down").doesNotContain("eyJ");
  }

  @Test
  void badConfigStopsWithTheKeyNamed(@TempDir Path tmp) throws Exception {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "telerounds.signaling.prot = 9000\n");
    Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "--config", conf.toString(), "--dev")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("telerounds.signaling.prot");
  }

  @Test
  void aDevSecretStopsProductionAndAConfiguredSecretStopsDevMode(@TempDir Path tmp) throws Exception {
    for (boolean dev : new boolean[] {false, true}) {
      ProcessBuilder pb = dev ? new ProcessBuilder(java(), "-jar", JAR.toString(), "--dev")
          : new ProcessBuilder(java(), "-jar", JAR.toString());
      pb.redirectErrorStream(true).environment().put("TELEROUNDS_JWT_SECRET", dev
          ? "q8Zr1vYf0pLk3mWx7Tn5Bc9Hd2Js4Ge6Ua+Oi/Ry0E=" : "integration-test-secret-0123456789abcdef");
      pb.environment().put("TELEROUNDS_HTTP_PORT", "0");
      pb.environment().put("TELEROUNDS_CART_STORE", tmp.resolve("carts").toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isEqualTo(2);
      assertThat(out).contains("telerounds.signaling.auth.hs256-secret").doesNotContain("0123456789abcdef")
          .doesNotContain("q8Zr1vYf");
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static {
    assertThat(new File("pom.xml")).as("ITs run from the signaling module directory").exists();
  }
}
