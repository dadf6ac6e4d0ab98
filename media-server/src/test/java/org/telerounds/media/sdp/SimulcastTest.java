package org.telerounds.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.Fixtures;

class SimulcastTest {
  static final String CHROME_SIMULCAST = Fixtures.text("sdp/chrome156-simulcast-offer.sdp");

  @Test
  void readsChromiumSimulcastOffer() throws Exception {
    MediaSection video = SessionDescription.parse(CHROME_SIMULCAST).media().get(0);
    Simulcast s = Simulcast.sendOf(video);
    assertThat(s.present()).isTrue();
    assertThat(s.rids()).extracting(Simulcast.Rid::id).containsExactly("q", "h", "f");
    assertThat(s.rids()).noneMatch(Simulcast.Rid::paused);
    assertThat(s.lowestFirst()).extracting(Simulcast.Rid::id).containsExactly("q", "h", "f");
    assertThat(video.ssrcs()).isEmpty();
    assertThat(video.extmapId("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id")).isEqualTo(10);
    assertThat(video.extmapId("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id")).isEqualTo(11);
  }

  @Test
  void answerLinesMirrorTheOfferAsRecv() throws Exception {
    Simulcast s = Simulcast.sendOf(SessionDescription.parse(CHROME_SIMULCAST).media().get(0));
    assertThat(s.recvAttributes()).containsExactly("rid:q recv", "rid:h recv", "rid:f recv", "simulcast:recv q;h;f");
  }

  @Test
  void cartOrderIsSortedByName_pausedAndAlternativesKept() throws Exception {
    Simulcast s = Simulcast.sendOf(section("a=rid:f send\r\na=rid:h send\r\na=rid:q send\r\na=simulcast:send f;~h,x;q\r\n"));
    assertThat(s.rids()).containsExactly(new Simulcast.Rid("f", false), new Simulcast.Rid("h", true),
        new Simulcast.Rid("q", false));
    assertThat(s.lowestFirst()).extracting(Simulcast.Rid::id).containsExactly("q", "h", "f");
    assertThat(s.recvAttributes()).last().isEqualTo("simulcast:recv f;~h;q");
  }

  @Test
  void unknownNamesKeepOfferOrder() throws Exception {
    Simulcast s = Simulcast.sendOf(section("a=rid:a send\r\na=rid:b send\r\na=simulcast:send b;a\r\n"));
    assertThat(s.lowestFirst()).extracting(Simulcast.Rid::id).containsExactly("b", "a");
  }

  @Test
  void withoutUsableSimulcastNothingChanges() throws Exception {
    assertThat(Simulcast.sendOf(SessionDescription.parse(Fixtures.text("sdp/chrome156-publish-offer.sdp")).media().get(1)))
        .isEqualTo(Simulcast.NONE);
    // recv direction, unannounced rids, a single layer, bad rid syntax, garbage: all ignored
    for (String bad : List.of("a=rid:f send\r\na=rid:h send\r\na=simulcast:recv f;h\r\n",
        "a=rid:f send\r\na=simulcast:send f;h\r\n",
        "a=rid:f send\r\na=simulcast:send f\r\n",
        "a=rid:f! send\r\na=rid:h send\r\na=simulcast:send f!;h\r\n",
        "a=rid:\r\na=simulcast:\r\na=simulcast:send ;;;,,~\r\n")) {
      assertThat(Simulcast.sendOf(section(bad))).as(bad).isEqualTo(Simulcast.NONE);
    }
  }

  @Test
  void atMostThreeLayers() throws Exception {
    Simulcast s = Simulcast.sendOf(section(
        "a=rid:a send\r\na=rid:b send\r\na=rid:c send\r\na=rid:d send\r\na=simulcast:send a;b;c;d\r\n"));
    assertThat(s.rids()).hasSize(3);
  }

  private static MediaSection section(String attrs) throws SdpException {
    return SessionDescription.parse("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n" + attrs).media().get(0);
  }
}
