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
  @Timeout(10) // per input: a hang is a finding, in regression and in fuzzing mode
  @FuzzTest(maxDuration = "10s")
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
