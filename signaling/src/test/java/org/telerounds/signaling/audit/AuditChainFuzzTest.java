package org.telerounds.signaling.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for reading stored audit entries back: the input is split at newlines into entries
 * (the bytes of each stored object) and handed to {@link AuditChain#verify}, the public entry
 * point that parses and checks them. Verify reports every bad entry in its result and documents no
 * exception, so any exception is a finding, as is a valid result that disagrees with the count.
 * Kept small on purpose: when the audit internals change, only {@link #check} needs adapting.
 */
public class AuditChainFuzzTest {
  /** A fixed key, so a fuzzed entry can carry a valid MAC only by finding it, never by luck of the key. */
  private static final AuditKeyRing KEYS = new AuditKeyRing(java.util.Map.of("fuzz", new byte[32]));

  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void verify(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    List<byte[]> entries = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n') {
        entries.add(Arrays.copyOfRange(data, start, i));
        start = i + 1;
      }
    }
    check(entries);
  }

  static void check(List<byte[]> entries) {
    AuditChain.Verification v = AuditChain.verify(entries, KEYS);
    if (v == null || v.reason() == null) throw new IllegalStateException("verify gave no answer");
    if (v.valid() && v.entries() != entries.size()) {
      throw new IllegalStateException("valid chain of " + entries.size() + " entries reported as " + v.entries());
    }
  }
}
