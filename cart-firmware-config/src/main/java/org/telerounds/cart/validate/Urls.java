package org.telerounds.cart.validate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The URL rules of the network section. A signaling URL is an absolute {@code wss://} URL with a
 * host, or {@code ws://} to a loopback host. A TURN URL follows RFC 7065:
 * {@code turn[s]:host[:port][?transport=udp|tcp]}.
 */
final class Urls {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
  private static final Pattern TURN = Pattern.compile(
      "turns?:([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:([1-9][0-9]{0,4}))?(\\?transport=(udp|tcp))?");

  private Urls() {}

  /** Whether {@code url} is a usable signaling URL. */
  static boolean isSignalingUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      return false;
    }
    return "wss".equals(uri.getScheme())
        || ("ws".equals(uri.getScheme()) && LOOPBACK.contains(host.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Whether {@code url} is a well-formed TURN URL with a valid port. */
  static boolean isTurnUrl(String url) {
    var m = TURN.matcher(url);
    return m.matches() && (m.group(3) == null || Integer.parseInt(m.group(3)) <= 65535);
  }
}
