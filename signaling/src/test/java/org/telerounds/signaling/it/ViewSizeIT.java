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
 * The layer follows the size the expert shows the video at (issue 11): a Chromium cart sends its
 * room camera as three simulcast layers; a Chromium expert shows it as the main view (it gets the
 * top layer), swaps it into the picture-in-picture (it gets a small layer: the page reports each
 * video's size in {@code video.view}, and the server caps the layer by it, counted as
 * {@code view-size} switches), and swaps it back (the top layer again). No link is limited: the
 * view alone moves the layer. Meanwhile the layers no one needs are paused at the cart
 * ({@code layers.active}: only {@code f} while the expert watches the main view) and {@code q} is
 * resumed when the picture-in-picture needs it.
 */
class ViewSizeIT {

  @TempDir
  Path tmp;

  @Test
  void thePictureInPictureGetsASmallLayerAndTheMainViewTheTopOne() throws Exception {
    Prerequisites.here().browserMedia();
    Path wav = TestAudio.tone(tmp, 440, 120, 48000);
    String room = "view-ward-bed1";
    try (TestServer server = new TestServer(Map.of());
        Browser cart = new Browser(wav, 3);
        Browser expert = new Browser(wav, 1)) {
      SimulcastIT.startCart(server, cart, room);
      expert.open(server.http() + "/expert?autostart=1&name=A&room=" + room);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> width(expert) >= 1000);
      // the page tells its views a moment after the layout settles, which can come after the first
      // top-layer frames now that the cart sends its layers by default and ramps up sooner
      Object views = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> expert.state().get("views"), v -> v instanceof List);
      assertThat(views).as("the page told the server its views").isInstanceOf(List.class);
      // nobody needs q or h now (the main view takes f; the recorder, if any, sees f): the cart is
      // asked to stop sending them, after the hold
      long p0 = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> String.valueOf(activeLayers(cart)).equals("[f]"));
      long paused = (System.nanoTime() - p0) / 1_000_000;
      assertThat(pauses(server, "pause")).isPositive();

      expert.js("window.trSwap();"); // the room camera goes into the picture-in-picture
      long t0 = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> width(expert) > 0 && width(expert) <= 400); // q: 320x180
      long down = (System.nanoTime() - t0) / 1_000_000;
      long small = width(expert);
      long frames = frames(expert);
      await().atMost(Duration.ofSeconds(60)).until(() -> frames(expert) > frames + 30);
      // the view holds it there: nothing limits the link, so a choice by bandwidth alone would have
      // climbed back within a few seconds (the 2 s up-hold); the reason label is printed, not
      // asserted (on two busy cores an estimate dip can be the reason the first move is counted under)
      Thread.sleep(6_000);
      assertThat(width(expert)).as("still the small layer in the picture-in-picture").isLessThanOrEqualTo(400);
      assertThat(pauses(server, "resume")).as("q resumed at the cart for the picture-in-picture").isPositive();
      assertThat(String.valueOf(activeLayers(cart))).contains("q");

      expert.js("window.trSwap();"); // back to the main view
      long t1 = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> width(expert) >= 1000);
      long up = (System.nanoTime() - t1) / 1_000_000;
      System.out.printf("VIEW SIZE unused layers paused %d ms after the top layer decoded; room camera into the"
          + " picture-in-picture: width %d after %d ms (q resumed at the cart); main view again: width %d after %d ms;"
          + " view-size switches %d; views %s%n", paused, small, down, width(expert), up, switches(server),
          expert.state().get("views"));
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();
    }
  }

  /** The rids the cart was last asked to keep sending for its room camera, or null before any ask. */
  private static Object activeLayers(Browser cart) {
    return cart.js("const a = window.trClient && window.trClient.activeLayers;"
        + " return a ? Object.values(a)[0] : null;");
  }

  private static long pauses(TestServer server, String direction) throws Exception {
    return (long) server.metric("telerounds_media_layer_pauses_total", "direction=\"" + direction + "\"");
  }

  private static long width(Browser expert) {
    return stat(expert, "frameWidth");
  }

  private static long frames(Browser expert) {
    return stat(expert, "framesDecoded");
  }

  private static long stat(Browser b, String key) {
    return b.inboundStats().values().stream().filter(s -> "camera:room".equals(s.get("role"))).map(s -> s.get(key))
        .filter(Number.class::isInstance).mapToLong(n -> ((Number) n).longValue()).max().orElse(0);
  }

  private static long switches(TestServer server) throws Exception {
    return (long) server.metric("telerounds_media_layer_switches_total", "reason=\"view-size\"");
  }
}
