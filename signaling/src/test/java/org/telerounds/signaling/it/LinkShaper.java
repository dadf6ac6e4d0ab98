package org.telerounds.signaling.it;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Per-flow rate limits for one test, in the test's own network namespace. Every client and the
 * server share the namespace's addresses, so their packets cross {@code lo}, never a veth: a
 * per-interface {@code tbf} would slow everyone. Instead {@code lo} gets an HTB root whose default
 * class is unlimited, and an nftables output-hook rule puts one flow (say, the server's media port
 * to one browser's UDP port range) into a class of its own by setting {@code meta priority} to
 * that class: HTB honours a packet's priority when it names one of its classes. Each limited class
 * queues into a byte FIFO of its own, whose size sets the queueing delay before tail drops (as
 * tbf's latency does). The kernel here has no {@code fw}, {@code u32} or {@code matchall}
 * classifier, which is why the priority route is used. Closing it removes the qdisc and the table.
 */
final class LinkShaper implements AutoCloseable {
  static final String TC = "/usr/sbin/tc";
  private static final String UNLIMITED = "10gbit";

  private LinkShaper() {}

  static LinkShaper onLoopback() throws Exception {
    run(false, TC, "qdisc", "replace", "dev", "lo", "root", "handle", "1:", "htb", "default", "10", "r2q", "100000");
    run(false, TC, "class", "add", "dev", "lo", "parent", "1:", "classid", "1:10", "htb", "rate", UNLIMITED);
    nft("delete table inet trshape", true);
    nft("add table inet trshape\n"
        + "add chain inet trshape out { type filter hook output priority 0; policy accept; }\n", false);
    return new LinkShaper();
  }

  /**
   * Limits the flow that {@code match} selects (an nftables match, e.g. {@code udp sport 5000 udp
   * dport 41000-41999}) to {@code kbit} kbit/s with a queue of {@code queueBytes}, in class
   * {@code 1:minor} (minor 11..99, one per flow).
   */
  void limit(int minor, String match, int kbit, int queueBytes) throws Exception {
    run(false, TC, "class", "add", "dev", "lo", "parent", "1:", "classid", "1:" + minor, "htb",
        "rate", kbit + "kbit", "ceil", kbit + "kbit");
    run(false, TC, "qdisc", "add", "dev", "lo", "parent", "1:" + minor, "handle", minor + ":", "bfifo",
        "limit", Integer.toString(queueBytes));
    nft("add rule inet trshape out " + match + " meta priority set 1:" + minor + "\n", false);
  }

  /** Changes a limited flow's rate (lifting it: a rate far above anything the test sends). */
  void rate(int minor, String rate) throws Exception {
    run(false, TC, "class", "change", "dev", "lo", "parent", "1:", "classid", "1:" + minor, "htb",
        "rate", rate, "ceil", rate);
  }

  /** Bytes class {@code 1:minor} has sent so far (its {@code Sent N bytes}), or -1 when it cannot be read. */
  static long sentBytes(int minor) throws Exception {
    String out = run(true, TC, "-s", "class", "show", "dev", "lo", "classid", "1:" + minor);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Sent (\\d+) bytes").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The classes with their sent and dropped counts (for a failure message). */
  static String stats() throws Exception {
    return run(true, TC, "-s", "class", "show", "dev", "lo");
  }

  @Override
  public void close() throws Exception {
    run(true, TC, "qdisc", "del", "dev", "lo", "root");
    nft("delete table inet trshape", true);
  }

  private static void nft(String script, boolean ignoreFailure) throws Exception {
    Firewall.nft(script, ignoreFailure);
  }

  private static String run(boolean ignoreFailure, String... cmd) throws Exception {
    return finish(new ProcessBuilder(cmd).redirectErrorStream(true).start(), ignoreFailure, String.join(" ", cmd));
  }

  private static String finish(Process p, boolean ignoreFailure, String what) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(what + " did not finish");
    }
    if (p.exitValue() != 0 && !ignoreFailure) throw new IllegalStateException(what + " failed: " + out);
    return out;
  }
}
