package org.telerounds.media.sfu;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.telerounds.media.config.MediaConfig;

/**
 * The addresses relayed media comes from: {@code turn.relay-addresses}, or else the hosts of the
 * TURN URLs, resolved once at start-up. A client whose nominated address is one of them counts as
 * connected through TURN.
 */
final class TurnRelays {
  private TurnRelays() {}

  static Set<InetAddress> of(MediaConfig.Turn turn) {
    List<String> hosts = turn.relayAddresses().isEmpty()
        ? turn.urls().stream().map(TurnRelays::host).toList() : turn.relayAddresses();
    Set<InetAddress> out = new HashSet<>();
    for (String h : hosts) {
      try {
        out.add(InetAddress.getByName(h));
      } catch (UnknownHostException e) {
        LoggerFactory.getLogger("media.transport").warn("TURN host {} does not resolve; relayed clients from it"
            + " count as udp (set telerounds.media.turn.relay-addresses)", h);
      }
    }
    return out;
  }

  /** "turn:host:port?transport=udp" -> host (brackets of an IPv6 literal removed). */
  static String host(String url) {
    String rest = url.substring(url.indexOf(':') + 1);
    int q = rest.indexOf('?');
    if (q >= 0) rest = rest.substring(0, q);
    if (rest.startsWith("[")) return rest.substring(1, rest.indexOf(']'));
    int colon = rest.lastIndexOf(':');
    return colon > 0 ? rest.substring(0, colon) : rest;
  }
}
