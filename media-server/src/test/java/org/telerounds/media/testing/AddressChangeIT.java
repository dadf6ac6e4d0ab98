package org.telerounds.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telerounds.media.testing.LoopbackSfu.Peer;

/**
 * A client's address changes mid-round (issue 12): its NAT gives it a new port, or it moves to
 * another network. Over real ICE, DTLS and SRTP, with consent checks that do not nominate (as
 * Chromium's after connecting), the client goes on from a new socket with the same ICE, DTLS and
 * SRTP state. The server follows it once an authenticated check comes from the new address while
 * the old one has gone silent: the expert receives again, and the cart's media reaches the
 * expert again. A check from a second address while the first is alive moves nothing, and packets
 * from an address no check came from are dropped.
 */
@Timeout(300)
class AddressChangeIT {
  private static final String ROOM = "ward-3-roaming";

  @Test
  void theServerFollowsAnExpertAndACartToTheirNewAddresses() throws Exception {
    AtomicLong received = new AtomicLong();
    try (LoopbackSfu sfu = new LoopbackSfu()) {
      Peer cart = sfu.publish(ROOM, "cart-1", WebRtcTestClient.options().consentWithoutNomination(true));
      MediaPump pump = new MediaPump(cart.client(), 100, 60, 800, 30).start();
      Peer expert = sfu.subscribe(ROOM, "expert-1", WebRtcTestClient.options().consentWithoutNomination(true)
          .consentInterval(Duration.ofSeconds(1)).onRtp((b, off, len, now) -> received.incrementAndGet()));
      try {
        awaitMore(received, 200, "media before any change");

        // a second address that knows the password checks in while the first is alive: nothing moves
        expert.client().checkFromAnotherAddress();
        long before = received.get();
        Thread.sleep(3_000);
        assertThat(received.get() - before).as("still received at the first address").isGreaterThan(50);
        assertThat(rebinds(sfu)).isZero();

        // the expert's NAT rebinds: the server follows it after its next check
        InetSocketAddress now = expert.client().rebind();
        awaitMore(received, 200, "media at the expert's new address " + now);
        assertThat(rebinds(sfu)).isEqualTo(1);

        // the cart moves: its media reaches the expert again once the server follows it
        cart.client().rebind();
        Thread.sleep(500);
        awaitMore(received, 200, "the cart's media after its move");
        assertThat(rebinds(sfu)).isEqualTo(2);
        assertThat(expert.failures()).isEmpty();
        assertThat(cart.failures()).isEmpty();
      } finally {
        pump.close();
      }
    }
  }

  /** Waits (up to 60 s) until {@code received} grew by {@code more}. */
  static void awaitMore(AtomicLong received, long more, String what) {
    long from = received.get();
    await(what).atMost(Duration.ofSeconds(60)).until(() -> received.get() >= from + more);
  }

  private static double rebinds(LoopbackSfu sfu) {
    return sfu.counter("telerounds.media.ice.rebinds");
  }
}
