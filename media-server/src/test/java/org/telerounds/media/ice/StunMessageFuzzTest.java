package org.telerounds.media.ice;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the STUN parser, which reads every datagram classified as STUN on the media
 * port. {@link StunMessage#parse} is documented never to throw: any exception is a finding. The
 * integrity and fingerprint checks run on whatever parsed, as the ICE agent does.
 */
public class StunMessageFuzzTest {
  @Timeout(10) // per input: a hang is a finding, in regression and in fuzzing mode
  @FuzzTest(maxDuration = "10s")
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
