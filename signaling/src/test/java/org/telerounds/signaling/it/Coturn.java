package org.telerounds.signaling.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn ({@code /usr/bin/turnserver}, Debian's coturn) for a test: a generated config with
 * coturn's REST-API shared secret ({@code use-auth-secret}, {@code static-auth-secret}), a realm,
 * no CLI, no TLS/DTLS, a private relay port range, listening on {@code listenIp} (UDP and TCP, one
 * port) and relaying from {@code relayIp}; its SQLite file and log in a temporary directory.
 * Closing it stops the process.
 */
final class Coturn implements AutoCloseable {
  static final String BINARY = "/usr/bin/turnserver";
  static final String REALM = "telerounds.test";

  final String listenIp;
  final int port;
  final String secret;
  private final Process process;
  private final Path dir;

  Coturn(String listenIp, String relayIp, String secret) throws Exception {
    this(listenIp, relayIp, secret, freePort());
  }

  /** Listening on {@code port} (UDP and TCP). */
  Coturn(String listenIp, String relayIp, String secret, int port) throws Exception {
    this.listenIp = listenIp;
    this.secret = secret;
    this.port = port;
    this.dir = Files.createTempDirectory("telerounds-coturn");
    int minPort = 50000 + (int) (Math.random() * 10000);
    String conf = String.join("\n",
        "listening-ip=" + listenIp,
        "listening-port=" + port,
        "relay-ip=" + relayIp,
        "min-port=" + minPort,
        "max-port=" + (minPort + 200),
        "use-auth-secret",
        "static-auth-secret=" + secret,
        "realm=" + REALM,
        "fingerprint",
        "no-cli",
        "no-tls",
        "no-dtls",
        "no-multicast-peers",
        "no-software-attribute",
        "userdb=" + dir.resolve("turndb"),
        "pidfile=" + dir.resolve("turnserver.pid"),
        "log-file=" + dir.resolve("turn.log"),
        "simple-log",
        "verbose",
        "");
    Path file = dir.resolve("turnserver.conf");
    Files.writeString(file, conf);
    process = new ProcessBuilder(BINARY, "-c", file.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!accepts()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("coturn exited (" + process.exitValue() + "): " + log());
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("coturn did not listen on " + listenIp + ":" + port + ": " + log());
      }
      Thread.sleep(100);
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(listenIp, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** turn:ip:port?transport=udp and ?transport=tcp. */
  java.util.List<String> urls() {
    return java.util.List.of("turn:" + listenIp + ":" + port + "?transport=udp",
        "turn:" + listenIp + ":" + port + "?transport=tcp");
  }

  String log() {
    try {
      String a = Files.exists(dir.resolve("turn.log")) ? Files.readString(dir.resolve("turn.log")) : "";
      String b = Files.exists(dir.resolve("stdout.log")) ? Files.readString(dir.resolve("stdout.log")) : "";
      String all = a + b;
      return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
    }
  }
}
