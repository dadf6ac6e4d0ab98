package org.telerounds.signaling.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import org.telerounds.media.config.ConfigKeys;

/**
 * Typed view of {@code telerounds.signaling}: HTTP listener, TLS, auth, the WebSocket's allowed
 * origins and the connection limits (idle timeout, per-IP and total caps).
 */
public record SignalingConfig(
    String bindAddress,
    int port,
    Optional<String> tlsCertificate,
    Optional<String> tlsPrivateKey,
    Optional<String> hs256Secret,
    Optional<String> rs256PublicKey,
    Optional<String> issuer,
    boolean devMode,
    Duration devTokenTtl,
    int maxMessageBytes,
    java.util.List<String> allowedOrigins,
    Duration idleTimeout,
    int maxConnections,
    int maxConnectionsPerIp,
    Duration resumeWindow) {
  private static final String P = "telerounds.signaling.";

  public static SignalingConfig from(Config root) {
    ConfigKeys.rejectUnknown(root, "telerounds.signaling");
    SignalingConfig sc = new SignalingConfig(
        root.getString(P + "bind-address"),
        root.getInt(P + "port"),
        opt(root, P + "tls.certificate"),
        opt(root, P + "tls.private-key"),
        opt(root, P + "auth.hs256-secret"),
        opt(root, P + "auth.rs256-public-key"),
        opt(root, P + "auth.issuer"),
        root.getBoolean(P + "auth.dev-mode"),
        root.getDuration(P + "auth.dev-token-ttl"),
        root.getInt(P + "max-message-bytes"),
        java.util.List.copyOf(root.getStringList(P + "allowed-origins")),
        root.getDuration(P + "connections.idle-timeout"),
        root.getInt(P + "connections.max-total"),
        root.getInt(P + "connections.max-per-ip"),
        root.getDuration(P + "resume-window"));
    ConfigKeys.require(!sc.resumeWindow.isNegative() && sc.resumeWindow.toMinutes() <= 10, P + "resume-window",
        "0s (off) to 10m", sc.resumeWindow);
    for (String o : sc.allowedOrigins) {
      ConfigKeys.require(o.matches("https?://[^/?#\\s]+"), P + "allowed-origins",
          "origins like https://rounds.hospital.example or http://127.0.0.1:8080 (scheme://host[:port], no path)", o);
    }
    ConfigKeys.require(sc.idleTimeout.toMillis() >= 1000 && sc.idleTimeout.toHours() < 24,
        P + "connections.idle-timeout", "1s to 24h", sc.idleTimeout);
    ConfigKeys.require(sc.maxConnections >= 1, P + "connections.max-total", ">= 1", sc.maxConnections);
    ConfigKeys.require(sc.maxConnectionsPerIp >= 1 && sc.maxConnectionsPerIp <= sc.maxConnections,
        P + "connections.max-per-ip", "1 to connections.max-total", sc.maxConnectionsPerIp);
    ConfigKeys.require(sc.port >= 0 && sc.port <= 65535, "telerounds.signaling.port", "0..65535", sc.port);
    ConfigKeys.require(sc.tlsCertificate.isPresent() == sc.tlsPrivateKey.isPresent(),
        "telerounds.signaling.tls", "both certificate and private-key, or neither", "only one");
    ConfigKeys.require(sc.tlsCertificate.isPresent() || isLoopback(sc.bindAddress),
        "telerounds.signaling.bind-address", "a loopback address unless TLS is configured", sc.bindAddress);
    ConfigKeys.require(sc.maxMessageBytes >= 1024, "telerounds.signaling.max-message-bytes", ">= 1024",
        sc.maxMessageBytes);
    ConfigKeys.require(sc.hs256Secret.map(s -> s.length() >= 32).orElse(true),
        "telerounds.signaling.auth.hs256-secret", "at least 32 characters", "a shorter secret");
    return sc;
  }

  static boolean isLoopback(String address) {
    return address.equals("127.0.0.1") || address.equals("::1") || address.equals("localhost")
        || address.startsWith("127.");
  }

  private static Optional<String> opt(Config c, String path) {
    return c.hasPath(path) && !c.getString(path).isBlank() ? Optional.of(c.getString(path)) : Optional.empty();
  }

  public boolean tls() { return tlsCertificate.isPresent(); }
}
