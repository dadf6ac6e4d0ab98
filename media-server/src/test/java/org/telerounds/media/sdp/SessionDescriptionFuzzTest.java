package org.telerounds.media.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the SDP parser, which reads every offer and answer a browser sends over the
 * WebSocket. Its documented failure is {@link SdpException}; any other exception is a finding.
 * Every accessor the SFU uses runs on what parsed: transport parameters, codecs, fmtp, header
 * extensions, SSRCs and RTX groups.
 */
public class SessionDescriptionFuzzTest {
  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void parse(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    SessionDescription d;
    try {
      d = SessionDescription.parse(new String(data, StandardCharsets.UTF_8));
    } catch (SdpException expected) {
      return;
    }
    try {
      d.transportParams();
    } catch (SdpException expected) {
      // no usable ICE/DTLS parameters: the server answers bad-sdp
    }
    d.sessionAttr("group");
    for (MediaSection m : d.media()) {
      m.kind();
      m.mid();
      m.direction();
      m.rejected();
      m.ssrcs();
      m.fidGroups();
      m.extmapId("urn:ietf:params:rtp-hdrext:sdes:mid");
      for (RtpCodec c : m.codecs()) {
        c.fmtpParam("apt");
        c.rtpmap();
        c.is("opus");
      }
    }
  }
}
