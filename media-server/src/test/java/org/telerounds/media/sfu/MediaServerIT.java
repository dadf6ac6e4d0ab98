package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.telerounds.media.Fixtures;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.sdp.MediaSection;
import org.telerounds.media.sdp.SessionDescription;

/** Negotiation through the media server's Java API with a real Chromium offer, and a clean close. */
class MediaServerIT {
  static MediaServer start() {
    return start(Map.of());
  }

  static MediaServer start(Map<String, Object> overrides) {
    Map<String, Object> m = new java.util.HashMap<>(overrides);
    m.put("telerounds.media.udp-port", 0);
    return new MediaServer(MediaConfig.from(ConfigFactory.parseMap(m)
        .withFallback(ConfigFactory.defaultReference()).resolve()), new SimpleMeterRegistry(), Clock.systemUTC());
  }

  private static final String TWCC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

  @org.junit.jupiter.params.ParameterizedTest(name = "twcc.enabled={0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void transportWideCcIsNegotiatedOnBothSidesUnlessTurnedOff(boolean enabled) throws Exception {
    String offer = Fixtures.text("sdp/chrome156-publish-offer.sdp");
    try (MediaServer media = start(Map.of("telerounds.media.twcc.enabled", enabled))) {
      Counting expertEvents = new Counting();
      Participant expert = media.join("r1", "expert-1", expertEvents).get(5, TimeUnit.SECONDS);
      Participant cart = media.join("r1", "cart-1", new Counting()).get(5, TimeUnit.SECONDS);
      PublishResult r = cart.publish(offer, Map.of("0", "mic:patient", "1", "camera:room")).get(5, TimeUnit.SECONDS);
      for (MediaSection m : SessionDescription.parse(r.answerSdp()).media()) {
        // the publisher's own id (3) is kept in the answer
        assertThat(m.extmapId(TWCC)).isEqualTo(enabled ? 3 : -1);
        assertThat(m.codecs().get(0).feedback().contains("transport-cc")).isEqualTo(enabled);
      }
      await().until(() -> expertEvents.renegotiations.get() > 0);
      SessionDescription so = SessionDescription.parse(expert.createSubscribeOffer().get(5, TimeUnit.SECONDS).sdp());
      for (MediaSection m : so.media()) {
        assertThat(m.extmapId(TWCC)).isEqualTo(enabled ? 3 : -1);
        assertThat(m.codecs().get(0).feedback().contains("transport-cc")).isEqualTo(enabled);
        // forwarded extensions under the server's own ids, the same in every m-section of the bundle
        if (m.kind().equals("audio")) assertThat(m.extmaps()).containsEntry(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        if (m.kind().equals("video")) assertThat(m.extmaps()).containsEntry(13, "urn:3gpp:video-orientation");
        assertThat(m.extmaps()).doesNotContainValue("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
      }
      assertThat(expert.subscriberEstimate().get(5, TimeUnit.SECONDS)).isEqualTo(1_000_000L);
    }
  }

  static final class Counting implements ParticipantListener {
    final AtomicInteger renegotiations = new AtomicInteger();
    @Override public void onRenegotiationNeeded() { renegotiations.incrementAndGet(); }
    @Override public void onTransportFailed(String pc, String reason) {}
  }

  @Test
  void publishAnswerAndSubscribeOfferFollowTheRules() throws Exception {
    String offer = Fixtures.text("sdp/chrome156-publish-offer.sdp");
    try (MediaServer media = start()) {
      Counting expertEvents = new Counting();
      Participant expert = media.join("r1", "expert-1", expertEvents).get(5, TimeUnit.SECONDS);
      Participant cart = media.join("r1", "cart-1", new Counting()).get(5, TimeUnit.SECONDS);
      PublishResult r = cart.publish(offer, Map.of("0", "mic:patient", "1", "camera:room")).get(5, TimeUnit.SECONDS);

      SessionDescription answer = SessionDescription.parse(r.answerSdp());
      assertThat(answer.sessionAttr("ice-lite")).isNotNull();
      assertThat(answer.sessionAttr("group")).isEqualTo("BUNDLE 0 1");
      MediaSection video = answer.media().get(1);
      assertThat(video.direction()).isEqualTo("recvonly");
      assertThat(video.attr("setup")).isEqualTo("passive");
      assertThat(video.codecs()).extracting(c -> c.name()).containsExactly("VP8", "rtx");
      assertThat(video.attr("candidate")).contains("127.0.0.1 " + media.udpPort() + " typ host");
      assertThat(r.added()).extracting(t -> t.role().wireName()).containsExactly("mic:patient", "camera:room");

      await().until(() -> expertEvents.renegotiations.get() > 0);
      SubscribeOffer sub = expert.createSubscribeOffer().get(5, TimeUnit.SECONDS);
      SessionDescription so = SessionDescription.parse(sub.sdp());
      assertThat(so.media()).hasSize(2).allSatisfy(m -> {
        assertThat(m.direction()).isEqualTo("sendonly");
        assertThat(m.attr("setup")).isEqualTo("actpass");
        assertThat(m.attr("msid")).startsWith("cart-1 cart-1-");
      });
      MediaSection subVideo = so.media().stream().filter(m -> m.kind().equals("video")).findFirst().orElseThrow();
      assertThat(subVideo.fidGroups()).hasSize(1);
      assertThat(subVideo.ssrcs()).doesNotContainAnyElementsOf(
          SessionDescription.parse(offer).media().get(1).ssrcs());
      assertThat(subVideo.extmaps()).containsValue("urn:3gpp:video-orientation")
          .doesNotContainValue("urn:ietf:params:rtp-hdrext:sdes:mid");
      assertThat(expert.createSubscribeOffer().get()).as("no second offer while one is outstanding").isNull();

      cart.leave().get(5, TimeUnit.SECONDS);
      assertThat(expert.createSubscribeOffer().get()).isNull();
    }
  }

  @Test
  void badRoleAndBadSdpAreRefused() throws Exception {
    try (MediaServer media = start()) {
      Participant p = media.join("r1", "cart-1", new Counting()).get(5, TimeUnit.SECONDS);
      String offer = Fixtures.text("sdp/chrome156-publish-offer.sdp");
      assertThatThrownBy(() -> p.publish(offer, Map.of("1", "mic:patient")).get())
          .isInstanceOf(ExecutionException.class).hasMessageContaining("cannot be used for video");
      assertThatThrownBy(() -> p.publish("v=0\r\nm=audio 9 X 0\r\n", Map.of()).get())
          .hasMessageContaining("ICE");
      assertThatThrownBy(() -> media.join("r1", "cart-1", new Counting()).get())
          .hasMessageContaining("already in the room");
    }
  }

  @Test
  void closeLeavesNoThreadsBehind() throws Exception {
    MediaServer media = start();
    Participant p = media.join("r1", "cart-1", new Counting()).get(5, TimeUnit.SECONDS);
    p.publish(Fixtures.text("sdp/chrome156-publish-offer.sdp"), Map.of()).get(5, TimeUnit.SECONDS);
    media.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName).noneMatch(n -> n.startsWith("media-loop") || n.startsWith("media-dtls")));
  }
}
