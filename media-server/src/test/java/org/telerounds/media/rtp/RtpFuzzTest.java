package org.telerounds.media.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for RTP headers and RFC 8285 header extensions (one- and two-byte forms), which
 * read every decrypted RTP packet. {@link RtpPacket#parse} returns null for invalid packets and
 * the extension walkers return -1 or null; none may throw, so any exception is a finding.
 */
public class RtpFuzzTest {
  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void parse(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    int len = data.length;
    RtpPacket p = RtpPacket.parse(data, 0, len);
    if (p != null && (p.headerLength() > len || p.payloadLength() < 0 || p.headerLength() + p.payloadLength() > len)) {
      throw new IllegalStateException("inconsistent lengths " + p + " for " + len + " bytes");
    }
    for (int id = 1; id <= 16; id++) {
      int loc = RtpHeader.findExtension(data, 0, len, id);
      int n = RtpHeader.extensionLength(data, 0, len, id);
      if (loc >= 0 && (n < 0 || loc + n > len)) {
        throw new IllegalStateException("extension " + id + " outside the packet");
      }
      RtpHeader.readMid(data, 0, len, id);
    }
    RtpHeader.findExtension(data, 0, len, 255);
    if (len > 1) {
      // the same packet at an offset inside a larger buffer, as the demuxer hands it over
      RtpPacket.parse(data, 1, len - 1);
      RtpHeader.readMid(data, 1, len - 1, 3);
    }
  }
}
