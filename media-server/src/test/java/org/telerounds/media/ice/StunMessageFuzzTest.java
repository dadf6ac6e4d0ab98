package org.telerounds.media.ice;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the STUN parser, which reads every datagram classified as STUN on the media
 * port. {@link StunMessage#parse} is documented never to throw: any exception is a finding. The
 * integrity and fingerprint checks run on whatever parsed, as the ICE agent does.
 */
public class StunMessageFuzzTest {
  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void parse(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    StunMessage.isStun(data, 0, data.length);
    StunMessage m = StunMessage.parse(data, 0, data.length);
    if (m == null) return;
    m.type();
    m.transactionId();
    m.priority();
    m.useCandidate();
    m.iceControlling();
    IceLiteAgent.localUfragOf(m.username());
    m.integrityValid("server-password-0123456789");
    m.fingerprintValid();
  }
}
