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
 * The pages' side of a lost connection: a page whose WebSocket drops shows RECONNECTING,
 * reconnects with backoff and resumes as the same participant on the same media connections (the
 * expert's video of the cart never stops; the expert sees the cart reconnecting, not leaving). A
 * request the server never answers times out with a clear error and its button comes back.
 * {@code ResumeIT} covers the protocol: the window, kept messages, refused tokens.
 */
class ReconnectIT {
  @TempDir
  Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void pagesRejoinAfterTheirWebSocketDropsAndRequestsTimeOut() throws Exception {
    Prerequisites.here().browserMedia();
    Path wav = TestAudio.tone(tmp, 440, 60, 48000);
    String room = "ward2-bed8";
    try (TestServer server = new TestServer();
        Browser expert = new Browser(wav);
        Browser cart = new Browser(wav)) {
      expert.open(server.http() + "/expert?autostart=1&name=Dr%20Reyes&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(expert.state().get("joined")));
      cart.open(server.http() + "/cart?autostart=1&room=" + room);
      String first = awaitCartVideo(expert, null);

      // A request the server never answers (the page's message is dropped on the way out).
      cart.js("TeleroundsClient.REQUEST_TIMEOUT_MS = 1500;"
          + " const send = window.trClient._send.bind(window.trClient);"
          + " window.trClient._send = (m) => { if (m.type !== 'mute') send(m); };");
      cart.click("#mute");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(String.valueOf(cart.js("return document.getElementById('status').textContent")))
            .contains("mute failed: no answer to mute within");
        assertThat(cart.js("return document.getElementById('mute').disabled")).isEqualTo(Boolean.FALSE);
      });
      cart.js("delete window.trClient._send; TeleroundsClient.REQUEST_TIMEOUT_MS = 10000;");
      cart.click("#mute"); // the button still works: unmute (the page's state says muted)
      await().atMost(Duration.ofSeconds(30)).until(() -> cart.state().get("muteAcks") != null);

      // The expert's WebSocket drops: RECONNECTING, then LIVE again, resumed as the same participant
      // on the same media connections: the cart's track never went away and kept decoding.
      String expertId = String.valueOf(expert.js("return window.trClient.participantId"));
      long before = framesOf(expert, first);
      expert.js("window.trClient.ws.close()");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<String, Object> s = expert.state();
        assertThat((List<Object>) s.get("connections")).contains("reconnecting");
        assertThat(s.get("connection")).isEqualTo("live");
        assertThat(s.get("resumes")).isEqualTo(1L);
      });
      assertThat(expert.state().get("rejoins")).as("resumed, not rejoined").isNull();
      assertThat(expert.js("return window.trClient.participantId")).isEqualTo(expertId);
      assertThat(expert.js("return document.querySelector('[data-badge=connection]').textContent")).isEqualTo("LIVE");
      await().atMost(Duration.ofSeconds(30)).until(() -> framesOf(expert, first) > before + 30);
      assertThat(awaitCartVideo(expert, null)).as("the same track, not a new one").isEqualTo(first);

      // The cart's WebSocket drops: it resumes; the expert saw it reconnecting, not leaving, and its
      // video went on (same track, frames still growing).
      long beforeCart = framesOf(expert, first);
      cart.js("window.trClient.ws.close()");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<String, Object> s = cart.state();
        assertThat((List<Object>) s.get("connections")).contains("reconnecting");
        assertThat(s.get("connection")).isEqualTo("live");
        assertThat(s.get("resumes")).isEqualTo(1L);
      });
      assertThat(cart.state().get("rejoins")).as("resumed, not rejoined").isNull();
      await().atMost(Duration.ofSeconds(30)).until(() -> expert.state().get("reconnectingSeen") != null);
      await().atMost(Duration.ofSeconds(30)).until(() -> framesOf(expert, first) > beforeCart + 30);
      assertThat(awaitCartVideo(expert, null)).isEqualTo(first);
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();
    }
  }

  /** Frames the expert decoded so far of the inbound track {@code trackId} (0 when it has none). */
  private static long framesOf(Browser expert, String trackId) {
    Map<String, Object> t = expert.inboundStats().get(trackId);
    return t == null || t.get("framesDecoded") == null ? 0 : ((Number) t.get("framesDecoded")).longValue();
  }

  /** Waits until the expert decodes the cart's camera:room (a track other than {@code not}); its id. */
  private static String awaitCartVideo(Browser expert, String not) {
    String[] id = new String[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Map<String, Map<String, Object>> stats = expert.inboundStats();
      var video = stats.entrySet().stream().filter(e -> "camera:room".equals(e.getValue().get("role")))
          .filter(e -> !e.getKey().equals(not)).findFirst().orElse(null);
      assertThat(video).as("camera:room inbound").isNotNull();
      assertThat(((Number) video.getValue().get("framesDecoded")).longValue()).isGreaterThan(30);
      assertThat(expert.js("const v = document.querySelector('#main-slot video');"
          + " return !!v && !v.paused && v.videoWidth > 0")).isEqualTo(Boolean.TRUE);
      id[0] = video.getKey();
    });
    return id[0];
  }
}
