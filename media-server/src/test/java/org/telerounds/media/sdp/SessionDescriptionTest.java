package org.telerounds.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telerounds.media.Fixtures;

class SessionDescriptionTest {
  final String chrome = Fixtures.text("sdp/chrome156-publish-offer.sdp");

  @Test
  void parsesChromeOffer() throws Exception {
    SessionDescription d = SessionDescription.parse(chrome);
    assertThat(d.media()).hasSize(2);
    MediaSection audio = d.media().get(0);
    MediaSection video = d.media().get(1);
    assertThat(audio.kind()).isEqualTo("audio");
    assertThat(audio.mid()).isEqualTo("0");
    assertThat(audio.direction()).isEqualTo("sendonly");
    assertThat(audio.codecs().get(0).rtpmap()).isEqualTo("opus/48000/2");
    assertThat(audio.codecs().get(0).fmtpParam("useinbandfec")).isEqualTo("1");
    assertThat(video.codecs()).anyMatch(c -> c.is("VP8") && c.payloadType() == 96);
    assertThat(video.codecs()).anyMatch(c -> c.is("rtx") && "96".equals(c.fmtpParam("apt")));
    assertThat(video.extmapId("urn:ietf:params:rtp-hdrext:sdes:mid")).isEqualTo(4);
    assertThat(video.ssrcs()).hasSize(2);
    assertThat(video.fidGroups()).containsEntry(video.ssrcs().get(0), video.ssrcs().get(1));
    SessionDescription.TransportParams tp = d.transportParams();
    assertThat(tp.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(tp.setup()).isEqualTo("actpass");
    assertThat(tp.toString()).doesNotContain(tp.icePwd());
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> SessionDescription.parse("")).isInstanceOf(SdpException.class);
    assertThatThrownBy(() -> SessionDescription.parse("hello")).isInstanceOf(SdpException.class);
    assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=audio\r\n")).isInstanceOf(SdpException.class);
    assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=audio x UDP 0\r\n")).isInstanceOf(SdpException.class);
    assertThatThrownBy(() -> SessionDescription.parse("v=0\r\n" + "a=x\r\n".repeat(20000)))
        .isInstanceOf(SdpException.class).hasMessageContaining("64 KiB");
    assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n").transportParams())
        .isInstanceOf(SdpException.class).hasMessageContaining("ICE");
  }

  @Test
  void writerProducesBundleIceLiteAndCandidates() throws Exception {
    RtpCodec opus = new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
    String sdp = SdpWriter.write(1, 2, new SdpWriter.LocalTransport("uf", "pw", "AA:BB", "passive",
        List.of("10.200.0.1"), 10000), List.of(
            SdpWriter.Section.media("audio", "0", "recvonly", List.of(opus), Map.of(4, "urn:ietf:params:rtp-hdrext:sdes:mid"),
                null, List.of(), List.of(), null)));
    SessionDescription d = SessionDescription.parse(sdp);
    assertThat(d.sessionAttr("ice-lite")).isNotNull();
    assertThat(d.sessionAttr("group")).isEqualTo("BUNDLE 0");
    MediaSection m = d.media().get(0);
    assertThat(m.attr("candidate")).isEqualTo("1 1 udp 2130706431 10.200.0.1 10000 typ host");
    assertThat(m.has("rtcp-mux")).isTrue();
    assertThat(m.codecs().get(0).fmtp()).isEqualTo("minptime=10;useinbandfec=1");
  }
}
