package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cart's address changes mid-round (issue 12), in Chromium, in the test namespace. The cart's
 * WebRTC reaches the server only from one address of its own, on a subnet of its own (a firewall
 * rule drops its UDP from every other address, as on a network with one way out). Each address is
 * on another /24: Chromium gathers one address per interface and prefix, so a second address in
 * the namespace's own 10.200.0.0/24 would never be used.
 *
 * <ol>
 *   <li><b>Address move.</b> A new address comes up, the rule moves to it, and the old address is
 *       removed: as when the cart's Wi-Fi roams and DHCP gives it another address. The expert
 *       decodes the cart's video again.
 *   <li><b>A cut long enough to restart.</b> All of the cart's UDP is cut for 6 s: its publish
 *       connection goes disconnected, the page restarts ICE (a new offer with new credentials; the
 *       server answers with new ones), and media comes back after the restore with the restart
 *       completed on both sides.
 * </ol>
 *
 * Nobody leaves or changes id, no page rejoins, and the WebSocket is never involved. The time from
 * the move or the restore to the expert's next decoded frame is printed (docs/benchmarks.md), not
 * asserted.
 */
class CartAddressChangeIT {
  private static final int FROM = 45000;
  private static final int TO = 45999;
  private static final String FIRST = "10.201.0.21";
  private static final String SECOND = "10.202.0.22";

  @TempDir
  Path tmp;

  @Test
  void theCartFollowsItsNewAddressAndRestartsIceAfterACut() throws Exception {
    Prerequisites.here().browserMedia().tool(Firewall.NFT, "apt-get install nftables")
        .tool("/usr/sbin/ip", "apt-get install iproute2");
    String media = System.getenv().getOrDefault("TELEROUNDS_TEST_MEDIA_ADDRESS", "127.0.0.1");
    Path wav = TestAudio.tone(tmp, 440, 60, 48000);
    String room = "ward6-bed2";
    int udp = Firewall.freePortOutside(media, FROM, TO);
    Firewall.ip("addr", "add", FIRST + "/24", "dev", "v1");
    try (TestServer server = new TestServer(Map.of("telerounds.media.udp-port", udp));
        Firewall only = Firewall.onlyFromAddress(FROM, TO, FIRST);
        Browser expert = new Browser(wav);
        Browser cart = new Browser(wav, 2, FROM + "-" + TO)) {
      CartBlipIT.openRound(server, room, cart, expert);
      Object expertId = expert.js("return window.trClient.participantId");
      Object cartId = cart.js("return window.trClient.participantId");

      // 1. the cart's address moves to another subnet
      Firewall.ip("addr", "add", SECOND + "/24", "dev", "v1");
      Firewall.onlyFromAddress(FROM, TO, SECOND);
      Firewall.ip("addr", "del", FIRST + "/24", "dev", "v1");
      long[] afterMove = videoBack(expert, "the move");
      Object statesAfterMove = cart.js("return window.trIceStates.join(' ')");
      double restartsAfterMove = restarts(server);
      double rebindsAfterMove = server.metric("telerounds_media_ice_rebinds_total", "");

      // 2. a cut long enough for the page to restart ICE
      cart.js("window.trIceStates.length = 0");
      long beforeCut = (long) server.metric("telerounds_media_ice_restarts_total", "");
      try (Firewall cut = Firewall.cutUdpPorts(FROM, TO)) {
        await("the cart's page restarts ICE while cut").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200)).until(() -> restarts(server) > beforeCut);
        Thread.sleep(2000);
      }
      Firewall.onlyFromAddress(FROM, TO, SECOND);
      long[] afterRestore = videoBack(expert, "the restore");
      await("the page saw its restart complete").atMost(Duration.ofSeconds(30))
          .until(() -> ((Number) cart.js("return window.trClient.iceRestarts.publish")).intValue() >= 2);
      System.out.printf("CART-ADDRESS-CHANGE move: video again %d ms, 30 frames %d ms after the move (ICE restarts"
          + " %.0f, rebinds %.0f; cart ICE states %s); 6 s cut: video again %d ms, 30 frames %d ms after the restore"
          + " (restarts %.0f; states %s)%n", afterMove[0], afterMove[1], restartsAfterMove, rebindsAfterMove,
          statesAfterMove, afterRestore[0], afterRestore[1], restarts(server),
          cart.js("return window.trIceStates.join(' ')"));

      assertThat(expert.js("return window.trClient.participantId")).isEqualTo(expertId);
      assertThat(cart.js("return window.trClient.participantId")).isEqualTo(cartId);
      assertThat((List<Object>) expert.state().get("left")).as("nobody left").isNull();
      assertThat(cart.state().get("rejoins")).as("the cart never joined afresh").isNull();
      assertThat(expert.state().get("connection")).isEqualTo("live");
      assertThat(cart.state().get("connection")).isEqualTo("live");
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();
    } finally {
      for (String a : List.of(FIRST, SECOND)) Firewall.ipQuietly("addr", "del", a + "/24", "dev", "v1");
    }
  }

  /** Milliseconds from now until the expert decodes the cart's video again: {first frame, 30 frames}. */
  private static long[] videoBack(Browser expert, String after) {
    long from = System.currentTimeMillis();
    long at = CartControlIT.videoFrames(expert);
    long[] ms = new long[2];
    int i = 0;
    for (int frames : new int[] {1, 30}) {
      await(frames + " frames after " + after).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> CartControlIT.videoFrames(expert) > at + frames);
      ms[i++] = System.currentTimeMillis() - from;
    }
    return ms;
  }

  private static double restarts(TestServer server) throws Exception {
    return server.metric("telerounds_media_ice_restarts_total", "");
  }
}
