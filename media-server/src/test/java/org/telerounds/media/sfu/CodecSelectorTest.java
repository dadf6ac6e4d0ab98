package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.Fixtures;
import org.telerounds.media.sdp.MediaSection;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.sdp.SessionDescription;

class CodecSelectorTest {
  final List<MediaSection> offer;

  CodecSelectorTest() throws Exception {
    offer = SessionDescription.parse(Fixtures.text("sdp/chrome156-publish-offer.sdp")).media();
  }

  @Test
  void opusForAudio() {
    RtpCodec[] c = new CodecSelector(List.of("VP8", "H264")).select(offer.get(0));
    assertThat(c[0].rtpmap()).isEqualTo("opus/48000/2");
    assertThat(c[1]).isNull();
  }

  @Test
  void vp8WithItsRtxAndFeedback() {
    RtpCodec[] c = new CodecSelector(List.of("VP8", "H264")).select(offer.get(1));
    assertThat(c[0].name()).isEqualTo("VP8");
    assertThat(c[1].fmtpParam("apt")).isEqualTo(Integer.toString(c[0].payloadType()));
    assertThat(c[0].feedback()).contains("nack", "nack pli", "ccm fir");
  }

  @Test
  void h264PrefersPacketizationMode1ConstrainedBaseline() {
    RtpCodec[] c = new CodecSelector(List.of("H264")).select(offer.get(1));
    assertThat(c[0].fmtpParam("packetization-mode")).isEqualTo("1");
    assertThat(c[0].fmtpParam("profile-level-id")).startsWith("42e0");
    assertThat(c[1]).isNotNull();
  }

  @Test
  void onlyEndToEndExtensionsAreForwarded() {
    var accepted = CodecSelector.acceptedExtmaps(offer.get(1));
    assertThat(accepted).containsValue(CodecSelector.MID_URI).doesNotContainValue(
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
    assertThat(CodecSelector.forwardedExtmaps(accepted)).doesNotContainValue(CodecSelector.MID_URI)
        .containsValue("urn:3gpp:video-orientation");
  }
}
