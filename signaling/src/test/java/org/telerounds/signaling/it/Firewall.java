package org.telerounds.signaling.it;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * nftables rules for one test, in the test's own network namespace: a table {@code inet trtest}
 * with an input-hook chain (a drop on the input hook is silent, as a real firewall's is; a drop on
 * output would return EPERM to the sender). Closing it deletes the table.
 */
final class Firewall implements AutoCloseable {
  static final String NFT = "/usr/sbin/nft";

  /** Drops, on input, every UDP datagram whose source port is in {@code from..to}. */
  static Firewall dropUdpFromPorts(int from, int to) throws Exception {
    nft("delete table inet trtest", true);
    nft("add table inet trtest\n"
        + "add chain inet trtest in { type filter hook input priority 0; policy accept; }\n"
        + "add rule inet trtest in udp sport " + from + "-" + to + " counter drop\n", false);
    return new Firewall();
  }

  /**
   * Drops, on input, every UDP datagram to or from a port in {@code from..to}: both directions of
   * one browser's media (a network cut for that browser's WebRTC, its WebSocket untouched).
   */
  static Firewall cutUdpPorts(int from, int to) throws Exception {
    nft("delete table inet trtest", true);
    nft("add table inet trtest\n"
        + "add chain inet trtest in { type filter hook input priority 0; policy accept; }\n"
        + "add rule inet trtest in udp sport " + from + "-" + to + " counter drop\n"
        + "add rule inet trtest in udp dport " + from + "-" + to + " counter drop\n", false);
    return new Firewall();
  }

  /**
   * Drops, on input, every UDP datagram whose source port is in {@code from..to} unless it comes
   * from {@code address}: one browser can reach the server only from that one address of the
   * namespace (its other host candidates fail), as a client on one network does. Calling it again
   * replaces the rule, which moves that browser to another address.
   */
  static Firewall onlyFromAddress(int from, int to, String address) throws Exception {
    nft("delete table inet trtest", true);
    nft("add table inet trtest\n"
        + "add chain inet trtest in { type filter hook input priority 0; policy accept; }\n"
        + "add rule inet trtest in ip saddr != " + address + " udp sport " + from + "-" + to + " counter drop\n"
        + "add rule inet trtest in ip6 nexthdr udp udp sport " + from + "-" + to + " counter drop\n", false);
    return new Firewall();
  }

  /** Runs {@code ip} with {@code args} in the test's namespace (adds or removes an address). */
  static void ip(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "/usr/sbin/ip";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("ip " + String.join(" ", args) + " failed: " + out);
    }
  }

  /** As {@link #ip}, ignoring a failure (cleaning up an address that may already be gone). */
  static void ipQuietly(String... args) {
    try {
      ip(args);
    } catch (Exception ignored) {
      // nothing to remove
    }
  }

  /**
   * Drops, on input, {@code percent}% of the UDP datagrams whose source port is in {@code from..to},
   * at random (nftables {@code numgen random}): a lossy uplink for one browser.
   */
  static Firewall loseUdpFromPorts(int from, int to, int percent) throws Exception {
    nft("delete table inet trtest", true);
    nft("add table inet trtest\n"
        + "add chain inet trtest in { type filter hook input priority 0; policy accept; }\n"
        + "add rule inet trtest in udp sport " + from + "-" + to + " numgen random mod 100 < " + percent
        + " counter drop\n", false);
    return new Firewall();
  }

  /**
   * A port free for both UDP and TCP on {@code address} and outside {@code from..to}. A server
   * whose ephemeral port fell into the blocked browser's range had its own UDP dropped by the rule
   * (full run 9: every DTLS handshake in that case timed out, the cart's on plain UDP too), so the
   * servers a firewall test starts take a port from here instead of port 0. Another process can
   * still take it before the caller binds it; inside the test's own namespace nothing else does.
   */
  static int freePortOutside(String address, int from, int to) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (java.net.DatagramSocket udp = new java.net.DatagramSocket(new java.net.InetSocketAddress(address, 0))) {
        int port = udp.getLocalPort();
        if (port >= from && port <= to) continue;
        try (java.net.ServerSocket tcp = new java.net.ServerSocket()) {
          tcp.bind(new java.net.InetSocketAddress(address, port));
          return port;
        } catch (java.io.IOException taken) {
          // the TCP port is in use: try another
        }
      }
    }
    throw new IllegalStateException("no free port outside " + from + "-" + to + " on " + address);
  }

  /** The rules with their counters (for a failure message). */
  static String list() throws Exception {
    return nft("list table inet trtest", true);
  }

  /** Runs an nft script on stdin; its output. Shared with {@link LinkShaper}. */
  static String nft(String script, boolean ignoreFailure) throws Exception {
    Process p = new ProcessBuilder(NFT, "-f", "-").redirectErrorStream(true).start();
    p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("nft did not finish");
    }
    if (p.exitValue() != 0 && !ignoreFailure) {
      throw new IllegalStateException("nft failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    nft("delete table inet trtest", true);
  }
}
