package org.telerounds.signaling.it;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.util.Map;
import org.telerounds.signaling.Telerounds;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.auth.TokenMinter;

/**
 * A real telerounds server for integration tests: free ports, dev mode (its generated secret signs the
 * tests' tokens through {@link Telerounds#devTokens}), secrets in a temporary directory. Media
 * binds to the test namespace's 10.200.0.1 when there is one, otherwise to loopback.
 */
final class TestServer implements AutoCloseable {
  final Telerounds server;
  final String mediaAddress;

  TestServer() {
    this(Map.of());
  }

  final java.nio.file.Path cartStore;
  final java.nio.file.Path recordings;

  TestServer(Map<String, Object> overrides) {
    mediaAddress = System.getenv().getOrDefault("TELEROUNDS_TEST_MEDIA_ADDRESS", "127.0.0.1");
    try {
      cartStore = java.nio.file.Files.createTempDirectory("telerounds-carts");
      recordings = java.nio.file.Files.createTempDirectory("telerounds-recordings");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Config c = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.parseMap(Map.of(
            "telerounds.carts.store-dir", cartStore.toString(),
            "telerounds.signaling.port", 0,
            "telerounds.recorder.storage.secrets-dir", recordings.resolve("secrets").toString(),
            "telerounds.media.udp-port", 0,
            "telerounds.media.bind-address", mediaAddress,
            "telerounds.recorder.spool-dir", recordings.resolve("spool").toString(),
            "telerounds.recorder.storage.embedded-dir", recordings.resolve("s3").toString(),
            "telerounds.recorder.storage.embedded-port", 0,
            "telerounds.recorder.storage.embedded-key-file", "")))
        .withFallback(ConfigFactory.parseMap(Map.of(
            "telerounds.audit.key-file", recordings.resolve("secrets/audit.keys").toString(),
            "telerounds.audit.checkpoint-file", recordings.resolve("secrets/audit-checkpoints.jsonl").toString())))
        .withFallback(ConfigFactory.defaultReference()).resolve();
    server = Telerounds.start(c, true, Clock.systemUTC());
  }

  static boolean inNamespace() {
    return "1".equals(System.getenv("TELEROUNDS_TEST_NETNS"));
  }

  String http() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  String ws() {
    return "ws://127.0.0.1:" + server.httpPort() + "/ws";
  }

  String token(Role role, String... rooms) {
    return tokenFor("test-" + role.wireName(), role, rooms);
  }

  String tokenFor(String subject, Role role, String... rooms) {
    return minter().mint(subject, role, java.util.List.of(rooms), java.time.Duration.ofMinutes(10));
  }

  /** Signs tokens with this server's (generated) secret. */
  TokenMinter minter() {
    return server.devTokens();
  }

  /** PUTs {@code body} with a bearer token (the REST APIs' uploads); the response status. */
  static int put(String url, String token, String body) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .header("Authorization", "Bearer " + token).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** This server's /metrics page (Prometheus text). */
  String metrics() throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(http() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The sum of the series of {@code name} whose labels contain {@code labels} ("" for all); 0 when none. */
  double metric(String name, String labels) throws Exception {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
        + "(\\{([^}]*)\\})? ([0-9.eE+-]+)$").matcher(metrics());
    double sum = 0;
    while (m.find()) {
      if (m.group(2) == null ? labels.isEmpty() : m.group(2).contains(labels)) sum += Double.parseDouble(m.group(3));
    }
    return sum;
  }

  /**
   * The upper bound, in the histogram's unit, of the first bucket of {@code name} (a Prometheus
   * histogram, without {@code _bucket}) that holds the quantile {@code q} of its observations; NaN
   * when it has none.
   */
  double histogramBound(String name, double q) throws Exception {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
        + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} ([0-9.eE+]+)$").matcher(metrics());
    java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
    while (m.find()) {
      buckets.merge(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
          Double.parseDouble(m.group(2)), Double::sum);
    }
    double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
    if (total == 0) return Double.NaN;
    for (var e : buckets.entrySet()) {
      if (e.getValue() >= q * total) return e.getKey();
    }
    return Double.POSITIVE_INFINITY;
  }

  @Override
  public void close() {
    server.close();
  }
}
