package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The foundation scenario, as a hospital would run it: a cart page publishes camera and microphone
 * (a WAV file as the microphone), two expert pages join through our signaling server and SFU, and
 * each decodes the video and receives the audio. Then the cart leaves and both experts see its
 * tracks removed. Runs with VP8 and with H.264 forced. Media stays inside the test's namespace.
 */
class BrowserRoundIT {
  @TempDir
  static Path tmp;
  static Path wav;

  @BeforeAll
  static void audio() throws Exception {
    wav = TestAudio.tone(tmp, 440, 30, 48000);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VP8", "H264"})
  void cartToTwoExperts(String codec) throws Exception {
    Prerequisites.here().browserMedia();
    String room = "ward7-bed12-" + codec.toLowerCase();
    try (TestServer server = new TestServer();
        Browser expertA = new Browser(wav);
        Browser expertB = new Browser(wav);
        Browser cart = new Browser(wav)) {
      expertA.open(server.http() + "/expert?autostart=1&name=cardiology&room=" + room);
      expertB.open(server.http() + "/expert?autostart=1&name=neurology&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> joined(expertA) && joined(expertB));
      cart.open(server.http() + "/cart?autostart=1&codec=" + codec + "&room=" + room);

      // How soon media flows is a benchmark figure (printed; docs/benchmarks.md), not a condition here.
      long start = System.nanoTime();
      for (Browser expert : new Browser[] {expertA, expertB}) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .untilAsserted(() -> assertMediaFlows(expert, codec));
      }
      System.out.printf("BROWSER-ROUND %s: cart page opened -> media checked at both experts %d ms%n", codec,
          (System.nanoTime() - start) / 1_000_000);
      assertThat(cart.errors()).isEmpty();

      int published = ((java.util.List<?>) cart.state().get("published")).size();
      cart.js("window.trLeave()");
      for (Browser expert : new Browser[] {expertA, expertB}) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          Map<String, Object> s = expert.state();
          assertThat((Map<?, ?>) s.get("tracks")).isEmpty();
          // every published track, and the cart's server-made voice:enhanced
          assertThat((java.util.List<?>) s.get("removed")).hasSize(published + 1);
        });
        assertThat(expert.errors()).isEmpty();
      }
    }
  }

  private static boolean joined(Browser b) {
    return Boolean.TRUE.equals(b.state().get("joined"));
  }

  private static void assertMediaFlows(Browser expert, String codec) {
    Map<String, Map<String, Object>> stats = expert.inboundStats();
    Map<String, Object> video = stats.values().stream().filter(s -> "camera:room".equals(s.get("role")))
        .findFirst().orElse(null);
    Map<String, Object> audio = stats.values().stream().filter(s -> "mic:patient".equals(s.get("role")))
        .findFirst().orElse(null);
    assertThat(video).as("camera:room inbound stats").isNotNull();
    assertThat(audio).as("mic:patient inbound stats").isNotNull();
    assertThat(stats.values()).extracting(s -> s.get("role")).as("the server's enhanced voice").contains("voice:enhanced");
    assertThat(String.valueOf(video.get("codec"))).isEqualToIgnoringCase(codec);
    assertThat(((Number) video.get("framesDecoded")).longValue()).as("framesDecoded").isGreaterThan(60);
    assertThat(((Number) audio.get("packetsReceived")).longValue()).as("mic:patient packetsReceived").isGreaterThan(0);
    // The page plays the enhanced voice and mutes the raw mic (a muted track is not decoded, its level reads 0).
    Map<String, Object> enhanced = stats.values().stream().filter(s -> "voice:enhanced".equals(s.get("role")))
        .findFirst().orElseThrow();
    assertThat(((Number) enhanced.get("totalSamplesReceived")).longValue()).as("totalSamplesReceived").isGreaterThan(0);
    assertThat(((Number) enhanced.get("audioLevel")).doubleValue()).as("audioLevel").isGreaterThan(0);
  }
}
