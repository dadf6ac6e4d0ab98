package org.telerounds.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Inputs the SDP fuzz target found that threw something other than {@link SdpException}; each
 * crashing input is also kept in {@code SessionDescriptionFuzzTestInputs/parse/}, where the fuzz
 * test replays it on every {@code mvn test}.
 */
class SdpFuzzFindingsTest {
  @Test
  void slashAsThePortIsAMalformedMLineNotAnIndexError() {
    assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=audio / UDP/TLS/RTP/SAVPF 111\r\n"))
        .isInstanceOf(SdpException.class).hasMessage("malformed port in m= line");
    assertThatThrownBy(() -> SessionDescription.parse("v=0\nm=audio // x\n")).isInstanceOf(SdpException.class);
  }

  @Test
  void theFuzzersCrashingOfferIsRefusedCleanly() throws Exception {
    String sdp;
    try (InputStream in = getClass().getResourceAsStream(
        "SessionDescriptionFuzzTestInputs/parse/crash-mline-port-slash-aioobe")) {
      sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThatThrownBy(() -> SessionDescription.parse(sdp)).isInstanceOf(SdpException.class);
  }

  @Test
  void rtpmapWithoutANameIsSkipped() throws Exception {
    SessionDescription d = SessionDescription.parse(
        "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 112\r\na=rtpmap:111 /\r\na=rtpmap:112 opus/48000/2\r\n");
    assertThat(d.media().get(0).codecs()).extracting(RtpCodec::payloadType).containsExactly(112);
  }

  @Test
  void portWithCountStillParses() throws Exception {
    assertThat(SessionDescription.parse("v=0\r\nm=audio 9/2 RTP/AVP 0\r\n").media().get(0).port()).isEqualTo(9);
  }
}
