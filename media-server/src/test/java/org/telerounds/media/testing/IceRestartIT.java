package org.telerounds.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telerounds.media.dtls.DtlsCertificate;
import org.telerounds.media.sfu.MediaException;
import org.telerounds.media.sfu.PublishResult;
import org.telerounds.media.testing.LoopbackSfu.Peer;

/**
 * ICE restart (issue 12), over real ICE, DTLS and SRTP: a client that moved to a new address
 * restarts ICE instead of waiting for its old path to go quiet.
 *
 * <ul>
 *   <li>The cart (publish connection) offers the restart: it re-offers with new credentials, the
 *       server answers with new ones of its own, and the cart's first check of the new generation,
 *       from its new address, moves the route at once. Its media reaches the expert again.
 *   <li>The expert (subscribe connection, where the server offers) asks for it: the server re-offers
 *       with new credentials, the expert answers with new ones, and it receives again at its new
 *       address.
 * </ul>
 *
 * Both recover by the restart, not by following a silent route ({@code ice.rebinds} stays 0), DTLS
 * and SRTP go on as they were, and the old credentials are spent afterwards. A re-offer that
 * changes the DTLS certificate is refused.
 */
@Timeout(300)
class IceRestartIT {
  private static final String ROOM = "ward-5-restart";

  @Test
  void aCartAndAnExpertRecoverByIceRestartAfterTheirAddressesChange() throws Exception {
    AtomicLong received = new AtomicLong();
    try (LoopbackSfu sfu = new LoopbackSfu()) {
      Peer cart = sfu.publish(ROOM, "cart-1", WebRtcTestClient.options().consentWithoutNomination(true));
      MediaPump pump = new MediaPump(cart.client(), 100, 60, 800, 30).start();
      Peer expert = sfu.subscribe(ROOM, "expert-1", WebRtcTestClient.options().consentWithoutNomination(true)
          .onRtp((b, off, len, now) -> received.incrementAndGet()));
      try {
        AddressChangeIT.awaitMore(received, 200, "media before any change");

        // the cart moves and restarts ICE by a new publish offer
        String oldCartUfrag = cart.client().localUfrag();
        cart.client().rebind();
        cart.client().restartIce();
        PublishResult r = cart.participant().publish(cart.client().createOffer(),
            Map.of(cart.client().audioMid(), "mic:patient", cart.client().videoMid(), "camera:room"))
            .get(10, TimeUnit.SECONDS);
        assertThat(r.added()).as("a restart publishes nothing new").isEmpty();
        assertThat(r.removed()).isEmpty();
        cart.client().setRemoteAnswer(r.answerSdp()); // refuses an answer with the old credentials
        assertThat(cart.client().localUfrag()).isNotEqualTo(oldCartUfrag);
        cart.client().checkNow();
        AddressChangeIT.awaitMore(received, 200, "the cart's media after its restart");
        assertThat(restarts(sfu)).isEqualTo(1);

        // the expert moves and asks the server to restart its subscribe connection
        String oldExpertUfrag = expert.client().localUfrag();
        int offers = expert.negotiations();
        expert.client().rebind();
        expert.participant().restartSubscribeIce().get(10, TimeUnit.SECONDS);
        await("the restart offer is answered").atMost(Duration.ofSeconds(30))
            .until(() -> expert.negotiations() > offers);
        assertThat(expert.client().localUfrag()).as("the expert answered with new credentials")
            .isNotEqualTo(oldExpertUfrag);
        expert.client().checkNow();
        AddressChangeIT.awaitMore(received, 200, "media at the expert's new address");
        assertThat(restarts(sfu)).isEqualTo(2);

        assertThat(sfu.counter("telerounds.media.ice.rebinds")).as("recovered by restart, not by a silent route")
            .isZero();
        assertThat(expert.client().srtpFailures()).isZero();
        assertThat(expert.failures()).isEmpty();
        assertThat(cart.failures()).isEmpty();

        // a re-offer may not change the DTLS certificate of a live transport
        String swapped = cart.client().createOffer().replaceAll("a=fingerprint:sha-256 \\S+",
            "a=fingerprint:sha-256 " + DtlsCertificate.generate().fingerprint());
        assertThatThrownBy(() -> cart.participant().publish(swapped, Map.of()).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(MediaException.class)
            .hasMessageContaining("fingerprint");
        AddressChangeIT.awaitMore(received, 100, "media after the refused offer");
      } finally {
        pump.close();
      }
    }
  }

  private static double restarts(LoopbackSfu sfu) {
    return sfu.counter("telerounds.media.ice.restarts");
  }
}
