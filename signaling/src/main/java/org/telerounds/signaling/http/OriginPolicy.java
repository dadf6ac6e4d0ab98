package org.telerounds.signaling.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.telerounds.signaling.config.SignalingConfig;

/**
 * Which browser origins may open the WebSocket. A page on another site could otherwise open
 * {@code /ws} with a token it got hold of (cross-site WebSocket hijacking), or, after rebinding its
 * own DNS name to this server, reach a loopback dev server. With {@code allowed-origins} configured
 * only those origins pass; otherwise only the server's own: {@code scheme://bind-address:port},
 * plus {@code localhost}, {@code 127.0.0.1} and {@code [::1]} on a loopback bind, and with TLS the
 * origin of the Host the request names (a rebound name fails TLS, so it cannot pose as that Host).
 * A request without an Origin header does not come from a browser page and passes.
 */
final class OriginPolicy {
  private OriginPolicy() {}

  /** True if {@code origin} (null: none sent) may open the WebSocket on this listener. */
  static boolean allowed(SignalingConfig sc, String origin, String host, int localPort) {
    if (origin == null) return true;
    String o = normalise(origin);
    if (o == null) return false;
    if (!sc.allowedOrigins().isEmpty()) {
      return sc.allowedOrigins().stream().map(OriginPolicy::normalise).anyMatch(o::equals);
    }
    String scheme = sc.tls() ? "https" : "http";
    List<String> own = new java.util.ArrayList<>();
    own.add(scheme + "://" + hostPart(sc.bindAddress()) + ":" + localPort);
    if (isLoopbackBind(sc.bindAddress())) {
      for (String h : List.of("localhost", "127.0.0.1", "[::1]")) own.add(scheme + "://" + h + ":" + localPort);
    }
    if (sc.tls() && host != null) own.add(normalise(scheme + "://" + host.trim()));
    return own.stream().map(OriginPolicy::normalise).anyMatch(o::equals);
  }

  /** {@code scheme://host:port} in lower case with the default port made explicit; null if malformed. */
  static String normalise(String origin) {
    if (origin == null) return null;
    try {
      URI u = new URI(origin.trim());
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
      if (u.getHost() == null || u.getRawUserInfo() != null) return null;
      if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) return null;
      int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static String hostPart(String address) {
    return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  private static boolean isLoopbackBind(String a) {
    return a.equals("localhost") || a.startsWith("127.") || a.equals("::1");
  }
}
