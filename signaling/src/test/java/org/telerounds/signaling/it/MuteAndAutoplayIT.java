package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.signaling.auth.Role;

/**
 * The pages as a new user meets them, in real Chromium. A cart whose signed profile says
 * {@code muted-on-start} starts (its buttons come on: the start used to hang on the {@code mute}
 * reply, which carried no id) and shows MUTED, and so does the expert page; Mute and Unmute
 * complete and show in both pages. The expert opened the round link with {@code autostart=1} in a
 * browser with Chromium's default autoplay policy and no click yet: the main video plays (muted)
 * and a "Click for sound" control shows, until a click lets the sound play. Press-and-hold on a PTZ
 * button keeps moving and stops on release. Screenshots of the cart, expert and audit pages at
 * 1280x800 and 800x1280 go to target/pages-screenshots (docs/pages.md shows them).
 */
class MuteAndAutoplayIT {
  static final String CART = "cart-mute-01";
  static final String PROFILE = """
      extends = "rc300-cardio"
      identity { cart-id = "cart-mute-01", model = "rc300-cardio", hospital = "it-hospital", ward = "it-ward" }
      network.signaling-url = "wss://rounds.it-hospital.example/ws"
      cameras.room.label-pattern = "^fake_device_0"
      cameras.exam.label-pattern = "^fake_device_2"
      cameras.exam.simulcast = null
      audio-inputs.patient-mic.label-pattern = "Fake"
      privacy { muted-on-start = true, video-off-on-start = false }
      """;
  static final Path SHOTS = Path.of("target", "pages-screenshots");
  static final String PLAYING_MUTED = "const v = document.querySelector('#main-slot video');"
      + " return !!v && v.muted && !v.paused && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0;";

  @TempDir
  Path tmp;

  @Test
  void muteUnmuteMutedOnStartAutoplayAndPtzHold() throws Exception {
    Prerequisites.here().browserMedia();
    Path wav = TestAudio.tone(tmp, 330, 60, 48000);
    String room = "ward5-bed2";
    try (TestServer server = new TestServer();
        Browser expert = new Browser(wav, 1, false);
        Browser cart = new Browser(wav, 3)) {
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      assertThat(TestServer.put(server.http() + "/api/cart-models/rc300-cardio", admin,
          Files.readString(CartProfileIT.EXAMPLES.resolve("models/rc300-cardio.conf")))).isEqualTo(200);
      assertThat(TestServer.put(server.http() + "/api/carts/" + CART + "/profile", admin, PROFILE)).isEqualTo(201);

      // The round link, opened with no click on the page: no user gesture at all.
      expert.open(server.http() + "/expert?autostart=1&name=Dr%20Okafor&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(expert.state().get("joined")));
      cart.open(server.http() + "/cart?autostart=1&cart=" + CART + "&roomAudio=tone&stethoscopeAudio=tone&room=" + room);

      // muted-on-start: the start completes, its buttons come on, and both pages say MUTED.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<String, Object> s = cart.state();
        assertThat(s.get("started")).as("the cart's start completed").isEqualTo(Boolean.TRUE);
        assertThat(s.get("muted")).isEqualTo(Boolean.TRUE);
        assertThat(s.get("muteAcks")).as("the SFU acknowledged the mute").isEqualTo(1L);
        assertThat(cart.js("return document.getElementById('mute').disabled")).isEqualTo(Boolean.FALSE);
        assertThat(cart.js("return document.getElementById('mute').textContent")).isEqualTo("Unmute");
        assertThat(cart.visible("[data-badge=muted]")).isTrue();
        assertThat(cart.js("return document.querySelector('[data-badge=connection]').textContent")).isEqualTo("LIVE");
      });
      await().atMost(Duration.ofSeconds(60)).until(() -> expert.visible("[data-badge=muted]"));

      // Autoplay: the video plays muted, and the page asks for a click to hear the round.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(expert.js(PLAYING_MUTED)).as("main video plays, muted").isEqualTo(Boolean.TRUE);
        assertThat(expert.visible("#sound")).as("the click-for-sound control").isTrue();
        assertThat(expert.visible("[data-badge=sound]")).isTrue();
      });
      for (Browser b : new Browser[] {cart, expert}) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
            String.valueOf(b.js("return document.getElementById('quality').textContent")).contains("RTT"));
      }
      String page = "cart";
      for (Browser b : new Browser[] {cart, expert}) {
        b.screenshot(SHOTS.resolve(page + "-1280x800.png"), 1280, 800, false);
        b.screenshot(SHOTS.resolve(page + "-800x1280.png"), 800, 1280, true);
        page = "expert";
      }

      // Unmute and mute again, by the button: each completes and shows in both pages.
      cart.click("#mute");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(cart.state().get("muted")).isEqualTo(Boolean.FALSE);
        assertThat(cart.state().get("muteAcks")).isEqualTo(2L);
        assertThat(cart.visible("[data-badge=muted]")).isFalse();
        assertThat(expert.visible("[data-badge=muted]")).isFalse();
        assertThat(cart.js("return document.getElementById('mute').disabled")).isEqualTo(Boolean.FALSE);
      });
      cart.click("#mute");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(cart.state().get("muteAcks")).isEqualTo(3L);
        assertThat(cart.visible("[data-badge=muted]")).isTrue();
        assertThat(expert.visible("[data-badge=muted]")).isTrue();
      });
      cart.click("#mute");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(cart.state().get("muteAcks")).isEqualTo(4L);
        assertThat(expert.visible("[data-badge=muted]")).isFalse();
      });

      // A click for sound: the control goes, and the round is heard.
      expert.click("#sound");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(expert.visible("#sound")).isFalse();
        assertThat(expert.js("return [...document.querySelectorAll('audio')].some((a) => !a.muted && !a.paused)"))
            .as("an audio element plays with sound").isEqualTo(Boolean.TRUE);
        assertThat(expert.js(PLAYING_MUTED)).isEqualTo(Boolean.TRUE);
      });

      // PTZ press-and-hold: moves repeat while the button is held and stop on release.
      expert.hold("[data-ptz='pan:5']");
      await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) expert.state().get("ptzSent")).longValue() >= 3);
      expert.release();
      long sent = ((Number) expert.state().get("ptzSent")).longValue();
      Thread.sleep(1500);
      assertThat(((Number) expert.state().get("ptzSent")).longValue()).as("no move after release").isLessThanOrEqualTo(sent + 1);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat((java.util.List<?>) cart.state().get("commands")).hasSizeGreaterThanOrEqualTo(3));

      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();

      cart.js("window.trLeave()");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          "LEFT".equals(cart.js("return document.querySelector('[data-badge=connection]').textContent")));
      cart.open(server.http() + "/audit");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          String.valueOf(cart.js("return document.getElementById('status').textContent")).contains("round(s)"));
      cart.screenshot(SHOTS.resolve("audit-1280x800.png"), 1280, 800, false);
      cart.screenshot(SHOTS.resolve("audit-800x1280.png"), 800, 1280, true);
    }
  }
}
