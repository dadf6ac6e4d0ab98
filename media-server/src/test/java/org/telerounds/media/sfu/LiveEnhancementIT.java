package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telerounds.media.Fixtures;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.enhance.EnhancementConfig;
import org.telerounds.media.sdp.MediaSection;
import org.telerounds.media.sdp.SessionDescription;

/**
 * The server-made voice:enhanced track through the media server's Java API: a cart publishing
 * mic:patient gets one, owned by the cart, offered to the expert with the mic's Opus payload type
 * and fmtp; switching the room off removes it, on brings it back; closing the server leaves no
 * enhancer or closer thread.
 */
class LiveEnhancementIT {
  static final class Events implements ParticipantListener {
    final List<TrackInfo> added = new CopyOnWriteArrayList<>();
    final List<TrackInfo> removed = new CopyOnWriteArrayList<>();
    @Override public void onRenegotiationNeeded() {}
    @Override public void onTransportFailed(String pc, String reason) {}
    @Override public void onServerTrackAdded(TrackInfo t) { added.add(t); }
    @Override public void onServerTrackRemoved(TrackInfo t) { removed.add(t); }
  }

  @Test
  void cartGetsVoiceEnhancedThatExpertsSubscribeToAndOffRemovesIt() throws Exception {
    String offer = Fixtures.text("sdp/chrome156-publish-offer.sdp");
    MediaServer media = new MediaServer(MediaConfig.from(ConfigFactory.parseMap(Map.of("telerounds.media.udp-port", 0))
        .withFallback(ConfigFactory.defaultReference()).resolve()), EnhancementConfig.defaults(),
        new SimpleMeterRegistry(), Clock.systemUTC());
    try {
      Events cartEvents = new Events();
      Participant expert = media.join("r1", "expert-1", new Events()).get(5, TimeUnit.SECONDS);
      Participant cart = media.join("r1", "cart-1", cartEvents).get(5, TimeUnit.SECONDS);
      cart.publish(offer, Map.of("0", "mic:patient", "1", "camera:room")).get(5, TimeUnit.SECONDS);
      assertThat(cartEvents.added).singleElement().satisfies(t -> {
        assertThat(t.role()).isEqualTo(TrackRole.VOICE_ENHANCED);
        assertThat(t.participantId()).isEqualTo("cart-1");
      });
      cart.setEnhancementPreset("aggressive").get(5, TimeUnit.SECONDS);
      EnhancementState state = expert.roomEnhancement().get(5, TimeUnit.SECONDS);
      assertThat(state.available()).isTrue();
      assertThat(state.enabled()).isTrue();
      assertThat(state.carts()).singleElement().satisfies(c -> assertThat(c.preset()).isEqualTo("aggressive"));

      SubscribeOffer sub = expert.createSubscribeOffer().get(5, TimeUnit.SECONDS);
      assertThat(sub.tracks()).extracting(t -> t.track().role().wireName())
          .containsExactlyInAnyOrder("mic:patient", "camera:room", "voice:enhanced");
      int i = sub.tracks().stream().map(t -> t.track().role()).toList().indexOf(TrackRole.VOICE_ENHANCED);
      MediaSection m = SessionDescription.parse(sub.sdp()).media().get(i);
      assertThat(m.direction()).isEqualTo("sendonly");
      assertThat(m.codecs()).singleElement().satisfies(c -> {
        assertThat(c.payloadType()).isEqualTo(111);
        assertThat(c.rtpmap()).isEqualTo("opus/48000/2");
        assertThat(c.fmtp()).isEqualTo("minptime=10;useinbandfec=1");
      });
      assertThat(m.attr("msid")).startsWith("cart-1 cart-1-voice-enhanced");
      expert.applySubscribeAnswer(answerTo(sub.sdp())).get(5, TimeUnit.SECONDS);

      assertThat(expert.setRoomEnhancement(false).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(expert.setRoomEnhancement(false).get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(cartEvents.removed).singleElement().isEqualTo(cartEvents.added.get(0));
      SubscribeOffer off = expert.createSubscribeOffer().get(5, TimeUnit.SECONDS);
      assertThat(off.tracks()).filteredOn(t -> t.track().role() == TrackRole.VOICE_ENHANCED)
          .singleElement().satisfies(t -> assertThat(t.active()).isFalse());
      assertThat(expert.roomEnhancement().get().carts()).isEmpty();

      assertThat(cart.setRoomEnhancement(true).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(cartEvents.added).hasSize(2);
      // A late joiner gets the cart's voice:enhanced too.
      Participant late = media.join("r1", "expert-2", new Events()).get(5, TimeUnit.SECONDS);
      assertThat(late.createSubscribeOffer().get(5, TimeUnit.SECONDS).tracks())
          .extracting(t -> t.track().role().wireName()).contains("voice:enhanced");
    } finally {
      media.close();
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName).noneMatch(n -> n.startsWith("telerounds-enhance-") || n.startsWith("enhance-closer")
            || n.startsWith("media-loop")));
  }

  /** A minimal answer accepting every section (what a browser sends back, without its transport). */
  static String answerTo(String offerSdp) {
    return offerSdp.replace("a=sendonly", "a=recvonly").replace("a=setup:actpass", "a=setup:active");
  }
}
