package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.signaling.auth.Role;

/**
 * Churn seen by an independent WebRTC stack (issue 12): an aiortc expert stays in the room while
 * aiortc carts leave and rejoin, one after another. Each rejoin's tracks come to the expert on
 * recycled m-sections. aiortc registers a receiver's SSRC once, when it starts, and routes a packet
 * of any other SSRC by payload type only, which several video sections share, so the server must
 * send a recycled section as the same RTP stream (same SSRC, sequence running on). Every rejoin's
 * two cameras must decode at the expert within 20 s, and at a Chromium expert that stays beside it.
 */
class AiortcChurnIT {
  /** Rejoins; {@code -Dtelerounds.churn-it.rejoins=N} to change. */
  static final int REJOINS = Integer.getInteger("telerounds.churn-it.rejoins", 50);
  static final String[] CAMERAS = {"camera:room", "camera:exam"};

  @TempDir
  Path tmp;

  @Test
  void aStayingExpertDecodesEveryRejoiningCart() throws Exception {
    Prerequisites.here().browserMedia()
        .python("aiortc, websockets, av", "apt-get install python3-aiortc python3-websockets");
    Path script = Path.of(AiortcChurnIT.class.getResource("/aiortc/keyframe_peer.py").toURI());
    String host = TestServer.inNamespace() ? "10.200.0.2" : "127.0.0.1";
    String room = "churn-aiortc";
    List<String> failed = new ArrayList<>();
    List<Long> decodedAfterMs = new ArrayList<>();
    List<String> chromiumFailed = new ArrayList<>();
    try (TestServer server = new TestServer();
        Browser chromium = new Browser(TestAudio.tone(tmp, 440, 120, 48000));
        KeyframeGatingIT.Peer watcher = KeyframeGatingIT.Peer.start(tmp.resolve("watcher.log"), host,
            KeyframeGatingIT.PYTHON, script.toString(), "watch", server.ws(), room,
            server.tokenFor("aiortc-watcher", Role.EXPERT, room))) {
      chromium.open(server.http() + "/expert?autostart=1&name=chromium&room=" + room);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
          .until(() -> Boolean.TRUE.equals(chromium.state().get("joined")));
      JsonNode latest = null;
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < REJOINS; i++) {
        try (KeyframeGatingIT.Peer cart = KeyframeGatingIT.Peer.start(tmp.resolve("cart-" + i + ".log"), host,
            KeyframeGatingIT.PYTHON, script.toString(), "cart", server.ws(), room, server.token(Role.CART, room),
            "15")) {
          JsonNode published = cart.next(60);
          assertThat(published).as("cart %d published (see %s)", i, cart.log).isNotNull();
          long t0 = System.nanoTime();
          long[] chromiumBase = cameraFrames(chromium);
          boolean ok = false;
          while (!ok && System.nanoTime() - t0 < 20_000_000_000L) {
            JsonNode j = watcher.next(2);
            if (j == null) continue;
            latest = j;
            ok = true;
            for (String role : CAMERAS) {
              JsonNode t = j.path("tracks").path(role);
              ok &= !t.isMissingNode() && !seen.contains(t.path("trackId").asText()) && t.path("frames").asLong() >= 10;
            }
          }
          for (String role : CAMERAS) if (latest != null) seen.add(latest.path("tracks").path(role).path("trackId").asText());
          if (ok) {
            decodedAfterMs.add((System.nanoTime() - t0) / 1_000_000);
          } else {
            failed.add("rejoin " + i + ": " + latest);
          }
          try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
              long[] now = cameraFrames(chromium);
              return now[0] >= chromiumBase[0] + 10 && now[1] >= chromiumBase[1] + 10;
            });
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            chromiumFailed.add("rejoin " + i + ": from " + java.util.Arrays.toString(chromiumBase) + " to "
                + java.util.Arrays.toString(cameraFrames(chromium)));
          }
        }
      }
      System.out.printf("AIORTC-CHURN %d carts one after another: %d with a camera black at the staying aiortc"
          + " expert; published -> both cameras 10 frames on: %s ms; tracks offered %s%n", REJOINS, failed.size(),
          decodedAfterMs, latest);
      assertThat(failed).as("rejoins whose cameras did not decode at the aiortc expert (see %s)", watcher.log)
          .isEmpty();
      assertThat(chromiumFailed).as("rejoins whose cameras did not decode at the Chromium expert").isEmpty();
      JsonNode end = latest;
      assertThat(List.of("camera:room", "camera:exam", "mic:patient", "voice:enhanced"))
          .as("every track of the last cart at the aiortc expert: %s", end)
          .allMatch(role -> end.path("tracks").path(role).path("frames").asLong() > 0);
      assertThat(chromium.errors()).isEmpty();
    }
  }

  /** Frames the Chromium expert decoded so far for each camera role (a recycled section's count runs on). */
  private static long[] cameraFrames(Browser b) {
    long[] n = new long[CAMERAS.length];
    for (var st : b.inboundStats().values()) {
      for (int i = 0; i < CAMERAS.length; i++) {
        if (CAMERAS[i].equals(st.get("role")) && st.get("framesDecoded") instanceof Number f) n[i] += f.longValue();
      }
    }
    return n;
  }
}
