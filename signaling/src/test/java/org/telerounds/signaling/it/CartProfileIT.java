package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.signaling.auth.Role;

/**
 * A cart page run from its signed profile, as a hospital provisions one: an admin uploads the
 * shipped RC300 model and a cart profile over REST; the page fetches and verifies the bundle,
 * maps devices by the profile's label patterns, publishes two cameras, two mics and the
 * stethoscope with their roles and bitrate caps, starts in privacy mode as the profile says, tells
 * experts its presets, recalls one on command, and turns privacy on by itself when the last expert
 * leaves. A bundle changed on the server's disk, or signed by a key the cart does not trust, is
 * refused and nothing is published.
 */
class CartProfileIT {
  static final Path EXAMPLES = Path.of("..", "cart-firmware-config", "examples");
  static final String CART = "cart-it-01";
  static final String PROFILE = """
      extends = "rc300-cardio"
      identity { cart-id = "cart-it-01", model = "rc300-cardio", hospital = "it-hospital", ward = "it-ward" }
      network.signaling-url = "wss://rounds.it-hospital.example/ws"
      # Chromium's fake devices; fake_device_1 is a depth camera WebRTC cannot encode.
      cameras.room.label-pattern = "^fake_device_0"
      cameras.exam.label-pattern = "^fake_device_2"
      cameras.exam.max-bitrate-kbps = 1200
      cameras.exam.simulcast = null
      audio-inputs.patient-mic.label-pattern = "Fake"
      privacy { video-off-on-start = true, idle-privacy-after = 3s }
      """;

  @TempDir
  Path tmp;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  @SuppressWarnings("unchecked")
  void cartPageAppliesItsSignedProfileAndRefusesATamperedOne() throws Exception {
    Prerequisites.here().browserMedia();
    Path wav = TestAudio.tone(tmp, 330, 30, 48000);
    String room = "ward9-bed1";
    try (TestServer server = new TestServer();
        Browser expert = new Browser(wav);
        Browser cart = new Browser(wav, 3)) {
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      assertThat(TestServer.put(server.http() + "/api/cart-models/rc300-cardio", admin,
          Files.readString(EXAMPLES.resolve("models/rc300-cardio.conf")))).isEqualTo(200);
      assertThat(TestServer.put(server.http() + "/api/carts/" + CART + "/profile", admin, PROFILE)).isEqualTo(201);

      expert.open(server.http() + "/expert?autostart=1&name=cardio&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(expert.state().get("joined")));
      cart.open(server.http() + "/cart?autostart=1&cart=" + CART + "&roomAudio=tone&stethoscopeAudio=tone&room=" + room);

      // Five role-tagged tracks and the server's voice:enhanced reach the expert; the cart started in privacy mode, so no video yet.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        // Tracks as the expert page holds them: a paused video has no inbound-rtp stats yet.
        assertThat(((Map<String, Map<String, Object>>) expert.state().get("tracks")).values())
            .extracting(t -> t.get("role")).containsExactlyInAnyOrder(
            "camera:room", "camera:exam", "mic:patient", "mic:room", "audio:stethoscope", "voice:enhanced");
        assertThat(cart.state().get("privacy")).isEqualTo(Boolean.TRUE);
      });
      Map<String, Object> cs = cart.state();
      assertThat(cs.get("refused")).isNull();
      assertThat((Map<Object, Object>) cs.get("devices")).containsEntry("camera:room", "fake_device_0")
          .containsEntry("camera:exam", "fake_device_2").containsEntry("mic:room", "webaudio")
          .containsEntry("audio:stethoscope", "webaudio");
      assertThat(((Map<?, ?>) ((Map<?, ?>) cs.get("sendParams")).get("camera:exam")).get("maxBitrate"))
          .isEqualTo(1_200_000L);
      // the room camera's profile lists three layers: the page sends them, each with its cap
      assertThat((List<Map<String, Object>>) ((Map<?, ?>) ((Map<?, ?>) cs.get("sendParams")).get("camera:room"))
          .get("layers")).extracting(l -> l.get("rid") + ":" + l.get("maxBitrate"))
          .containsExactly("f:4000000", "h:1200000", "q:300000");
      assertThat((String) cart.js("return document.getElementById('profile').textContent"))
          .contains(CART).contains("rc300-cardio").contains("pinned on first use");
      assertThat(((Map<Object, Object>) expert.state().get("privacy"))).containsValue(Boolean.TRUE);
      assertThat(CartControlIT.videoFrames(expert)).as("no video while the profile keeps privacy on at start").isLessThan(5);

      // The expert sees the profile's presets and recalls one; the fake camera cannot move, so the
      // cart answers unsupported for that reason (not for an unknown preset).
      await().atMost(Duration.ofSeconds(60)).until(() -> expert.js(
          "return Array.from(document.querySelectorAll('#ptz-preset option')).map(o => o.value).join(',')")
          .equals("bed-overview,door,patient-face"));
      expert.js("document.getElementById('ptz-preset').value = 'patient-face';"
          + "document.getElementById('ptz-go').click()");
      expert.js("window.trPtz({action: 'preset', preset: 'no-such-place'})");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat((List<?>) expert.state().get("cameraResults")).hasSize(2));
      List<?> results = (List<?>) expert.state().get("cameraResults");
      Map<?, ?> recalled = (Map<?, ?>) results.get(0);
      if ("unsupported".equals(recalled.get("status"))) {
        assertThat((String) recalled.get("reason")).contains("preset \"patient-face\"").contains("control");
      } else {
        assertThat(recalled.get("status")).isEqualTo("applied");
      }
      assertThat(((Map<?, ?>) results.get(1)).get("reason")).isEqualTo("camera:room has no preset \"no-such-place\"");

      cart.js("window.trPrivacy(false)");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(CartControlIT.videoFrames(expert)).isGreaterThan(30));
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();

      // The last expert leaves: after the profile's 3 s the cart turns privacy on by itself.
      expert.js("window.trClient.leave()");
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(cart.state().get("privacy")));

      // The round's record (round.json in the recording store) notes each privacy interval.
      var store = server.server.recorder().store();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        String key = store.list("rounds/").stream().map(e -> e.key()).filter(k -> k.endsWith("/round.json"))
            .findFirst().orElseThrow();
        var journal = WsClient.JSON.readTree(store.get(key)).path("journal");
        assertThat(journal.findValuesAsText("type")).containsExactly("privacy.on", "privacy.off", "privacy.on");
      });

      // Someone edits the stored bundle on the server's disk: the cart refuses it, publishes nothing.
      Path bundle = server.cartStore.resolve("carts/" + CART + "/1.bundle.json");
      String signed = Files.readString(bundle);
      Files.writeString(bundle, signed.replaceAll("\"allowRemotePtz\"\\s*:\\s*true", "\"allowRemotePtz\" : false"));
      assertThat(Files.readString(bundle)).isNotEqualTo(signed);
      cart.open(server.http() + "/cart?autostart=1&cart=" + CART + "&roomAudio=tone&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> cart.state().get("refused") != null);
      assertThat((String) cart.state().get("refused")).contains("signature does not match");
      assertThat(cart.state().get("joined")).isEqualTo(Boolean.FALSE);
      assertThat((List<?>) cart.state().get("published")).isEmpty();

      // The genuine bundle signed by a key this cart was not provisioned with: refused too.
      Files.writeString(bundle, signed);
      String otherKey = Ed25519Keys.publicPem(Ed25519Keys.generate().getPublic());
      cart.js("localStorage.setItem('telerounds.cart.trustedKeys', JSON.stringify([arguments[0]]))", otherKey);
      cart.open(server.http() + "/cart?autostart=1&cart=" + CART + "&roomAudio=tone&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> cart.state().get("refused") != null);
      assertThat((String) cart.state().get("refused")).contains("does not trust");
      assertThat((List<?>) cart.state().get("published")).isEmpty();
    }
  }


}
