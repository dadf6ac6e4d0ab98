package org.telerounds.media.rtcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the RTCP compound parser: sender/receiver reports, SDES, BYE, NACK, PLI, FIR,
 * REMB and transport-wide congestion control feedback (TWCC). Its one documented failure is
 * {@link MalformedPacketException}; any other exception is a finding. Every parsed packet is
 * rendered, so lazily built lists are walked too.
 */
public class RtcpFuzzTest {
  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void parseCompound(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    RtcpParser.isRtcp(data, 0, data.length);
    try {
      List<RtcpPacket> packets = RtcpParser.parseCompound(data, 0, data.length);
      if (packets.isEmpty()) throw new IllegalStateException("a compound packet parsed to nothing");
      for (RtcpPacket p : packets) {
        p.toString();
        p.hashCode();
      }
    } catch (MalformedPacketException expected) {
      expected.parsedBeforeError().forEach(RtcpPacket::toString);
    }
  }
}
