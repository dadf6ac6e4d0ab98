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

  /** The rules with their counters (for a failure message). */
  static String list() throws Exception {
    return nft("list table inet trtest", true);
  }

  private static String nft(String script, boolean ignoreFailure) throws Exception {
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
