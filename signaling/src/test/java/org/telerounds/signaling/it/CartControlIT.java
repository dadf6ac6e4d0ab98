package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.signaling.auth.Role;

/**
 * A rounding cart with two cameras and two microphones (the room mic generated in the page through
 * WebAudio), driven from an expert page in real
 * Chromium: four role-tagged tracks arrive, the expert swaps the main view, steers a camera (the
 * fake camera has no PTZ, so the cart answers "unsupported" with its reason), and privacy mode
 * stops the video at the SFU until it is turned off.
 */
class CartControlIT {
  @TempDir
  Path tmp;

  @Test
  void twoCamerasTwoMicsViewSwapPtzAndPrivacy() throws Exception {
    Prerequisites.here().browserMedia();
    Path wav = TestAudio.tone(tmp, 330, 30, 48000);
    String room = "ward3-bed4";
    try (TestServer server = new TestServer();
        Browser expert = new Browser(wav);
        Browser cart = new Browser(wav, 3)) {
      expert.open(server.http() + "/expert?autostart=1&name=icu&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(expert.state().get("joined")));
      // Chromium's fake_device_1 is a Y16 depth camera that WebRTC cannot encode, so the cart's
      // label patterns pick fake_device_0 and fake_device_2, as a cart profile would.
      cart.open(server.http() + "/cart?autostart=1&roomCamera=fake_device_0&examCamera=fake_device_2"
          + "&roomAudio=tone&room=" + room);

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        Map<String, Map<String, Object>> stats = expert.inboundStats();
        assertThat(stats.values()).extracting(s -> s.get("role")).containsExactlyInAnyOrder(
            "camera:room", "camera:exam", "mic:patient", "mic:room", "voice:enhanced");
        assertThat(stats.values()).filteredOn(s -> "video".equals(s.get("kind")))
            .allSatisfy(s -> assertThat(((Number) s.get("framesDecoded")).longValue()).isGreaterThan(30));
        assertThat(stats.values()).filteredOn(s -> "audio".equals(s.get("kind")))
            .allSatisfy(s -> assertThat(((Number) s.get("totalSamplesReceived")).longValue()).isGreaterThan(0));
      });

      assertThat(mainRole(expert)).isEqualTo("camera:room");
      expert.js("window.trSwap()");
      assertThat(mainRole(expert)).isEqualTo("camera:exam");
      assertThat(expert.js("return document.querySelector('#pip-slot .tile').dataset.role")).isEqualTo("camera:room");

      expert.js("window.trPtz({action: 'relative', pan: 10})");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<?> results = (List<?>) expert.state().get("cameraResults");
        assertThat(results).hasSize(1);
        Map<?, ?> r = (Map<?, ?>) results.get(0);
        assertThat(r.get("status")).isIn("applied", "unsupported");
        if ("unsupported".equals(r.get("status"))) assertThat((String) r.get("reason")).isNotBlank();
      });
      assertThat((List<?>) cart.state().get("commands")).hasSize(1);

      cart.js("window.trPrivacy(true)");
      await().atMost(Duration.ofSeconds(60)).until(() ->
          ((Map<?, ?>) expert.state().get("privacy")).containsValue(Boolean.TRUE));
      Thread.sleep(1000); // frames already in flight drain
      long frozen = videoFrames(expert);
      Thread.sleep(2000);
      assertThat(videoFrames(expert)).as("no video frames during privacy mode").isLessThanOrEqualTo(frozen + 2);
      cart.js("window.trPrivacy(false)");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(videoFrames(expert)).isGreaterThan(frozen + 30));
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();
    }
  }

  @Test
  void onlyExpertsSteerCameras() throws Exception {
    try (TestServer server = new TestServer();
        WsClient cart = new WsClient(server.ws(), "r1", server.token(Role.CART, "r1"));
        WsClient expert = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
      cart.send("{\"type\":\"join\"}");
      String cartId = cart.next("joined").path("participantId").asText();
      expert.send("{\"type\":\"join\"}");
      expert.next("joined");

      cart.send("{\"type\":\"camera.control\",\"target\":\"" + cartId + "\",\"camera\":\"camera:room\","
          + "\"action\":\"relative\",\"pan\":5}");
      assertThat(cart.next("error").path("code").asText()).isEqualTo("forbidden");

      expert.send("{\"type\":\"privacy\",\"on\":true}");
      assertThat(expert.next("error").path("code").asText()).isEqualTo("forbidden");

      expert.send("{\"type\":\"camera.control\",\"target\":\"" + cartId + "\",\"camera\":\"camera:room\","
          + "\"action\":\"absolute\",\"zoom\":2}");
      expert.next("camera.sent");
      JsonNode cmd = cart.next("camera.command");
      assertThat(cmd.path("zoom").asDouble()).isEqualTo(2.0);
      cart.send("{\"type\":\"camera.result\",\"requestId\":\"" + cmd.path("requestId").asText()
          + "\",\"status\":\"applied\",\"applied\":{\"zoom\":2}}");
      assertThat(expert.next("camera.result").path("applied").path("zoom").asInt()).isEqualTo(2);
      cart.send("{\"type\":\"camera.result\",\"requestId\":\"forged:1\",\"status\":\"applied\"}");
      assertThat(cart.next("error").path("code").asText()).isEqualTo("bad-request");

      // Presets are recalled by name; the cart's announced cameras reach experts, now and on join.
      expert.send("{\"type\":\"camera.control\",\"target\":\"" + cartId + "\",\"camera\":\"camera:room\","
          + "\"action\":\"preset\",\"preset\":3}");
      assertThat(expert.next("error").path("message").asText()).contains("preset name");
      expert.send("{\"type\":\"camera.control\",\"target\":\"" + cartId + "\",\"camera\":\"camera:room\","
          + "\"action\":\"preset\",\"preset\":\"bed-overview\"}");
      expert.next("camera.sent");
      assertThat(cart.next("camera.command").path("preset").asText()).isEqualTo("bed-overview");
      expert.send("{\"type\":\"camera.capabilities\",\"cameras\":{}}");
      assertThat(expert.next("error").path("code").asText()).isEqualTo("forbidden");
      cart.send("{\"type\":\"camera.capabilities\",\"cameras\":{\"camera:room\":{\"presets\":[\"Bad Name\"]}}}");
      assertThat(cart.next("error").path("code").asText()).isEqualTo("bad-request");
      cart.send("{\"type\":\"camera.capabilities\",\"cameras\":{\"camera:room\":{\"pan\":{\"min\":-170,"
          + "\"max\":170},\"presets\":[\"bed-overview\"],\"extra\":\"dropped\"}}}");
      JsonNode caps = expert.next("camera.capabilities").path("cameras").path("camera:room");
      assertThat(caps.path("presets").get(0).asText()).isEqualTo("bed-overview");
      assertThat(caps.path("pan").path("max").asDouble()).isEqualTo(170.0);
      assertThat(caps.has("extra")).isFalse();
      try (WsClient late = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
        late.send("{\"type\":\"join\"}");
        JsonNode joined = late.next("joined");
        boolean announced = false;
        for (JsonNode p : joined.path("participants")) {
          announced |= p.path("cameras").path("camera:room").path("presets").toString().contains("bed-overview");
        }
        assertThat(announced).as("a late expert learns the cart's cameras from joined").isTrue();
      }

      for (int i = 0; i < 20; i++) {
        expert.send("{\"type\":\"camera.control\",\"target\":\"" + cartId + "\",\"camera\":\"camera:exam\","
            + "\"action\":\"relative\",\"tilt\":1}");
      }
      assertThat(expert.next("error").path("code").asText()).isEqualTo("rate-limited");
    }
  }

  static String mainRole(Browser b) {
    return (String) b.js("const t = document.querySelector('#main-slot .tile'); return t ? t.dataset.role : null;");
  }

  static long videoFrames(Browser b) {
    return b.inboundStats().values().stream().filter(s -> "video".equals(s.get("kind")))
        .mapToLong(s -> ((Number) s.get("framesDecoded")).longValue()).sum();
  }
}
