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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.signaling.auth.Role;

/**
 * Live voice enhancement, as a ward would use it: a cart runs from its signed RC200 profile (the
 * patient mic's preset is {@code aggressive} there) and its patient microphone hears a weak voice
 * (flite speech at about -40 dBFS) over ward noise 12 dB below it. The expert receives the raw
 * {@code mic:patient} and the server's {@code voice:enhanced}; measured from {@code getStats}
 * energy over the same seconds, the enhanced voice is at least 10 dB louder. The page shows input
 * and output levels; the server's taps see the enhanced track as the cart's. A cart may not switch
 * enhancement; the expert switches it off on the page and {@code voice:enhanced} goes, the raw mic
 * stays; on again brings it back.
 */
class VoiceEnhancementIT {
  static final Path EXAMPLES = Path.of("..", "cart-firmware-config", "examples");
  static final String CART = "cart-enh-01";
  static final String PROFILE = """
      extends = "rc200"
      identity { cart-id = "cart-enh-01", model = "rc200", hospital = "it-hospital", ward = "it-ward" }
      network.signaling-url = "wss://rounds.it-hospital.example/ws"
      cameras.room.label-pattern = "^fake_device_0"
      cameras.exam.label-pattern = "^fake_device_2"
      audio-inputs.patient-mic.label-pattern = "Fake"
      audio-inputs.patient-mic.preset = "aggressive"
      """;

  @TempDir
  Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void expertHearsTheWeakVoiceEnhancedAndCanSwitchItOff() throws Exception {
    Prerequisites.here().browserMedia();
    Prerequisites.here().require(TestAudio.canSpeak(), "Debian flite and sox are not installed");
    Path wav = TestAudio.weakNoisySpeech(tmp, -40, 12, 30);
    String room = "ward3-bed4";
    Set<String> tapped = ConcurrentHashMap.newKeySet();
    try (TestServer server = new TestServer();
        Browser expert = new Browser(wav);
        Browser cart = new Browser(wav, 3)) {
      PacketTap tap = (t, b, off, len, at) -> {
        if (t.role() == TrackRole.VOICE_ENHANCED) tapped.add(t.participantId());
      };
      server.server.media().addTap(tap);
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      assertThat(TestServer.put(server.http() + "/api/cart-models/rc200", admin,
          Files.readString(EXAMPLES.resolve("models/rc200.conf")))).isEqualTo(200);
      assertThat(TestServer.put(server.http() + "/api/carts/" + CART + "/profile", admin, PROFILE)).isEqualTo(201);

      expert.open(server.http() + "/expert?autostart=1&name=geriatrics&room=" + room);
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(expert.state().get("joined")));
      cart.open(server.http() + "/cart?autostart=1&cart=" + CART + "&room=" + room);

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        Map<String, Map<String, Object>> stats = expert.inboundStats();
        assertThat(stats.values()).extracting(s -> s.get("role")).contains("mic:patient", "voice:enhanced");
        assertThat(stats.values()).filteredOn(s -> "voice:enhanced".equals(s.get("role")))
            .allSatisfy(s -> assertThat(((Number) s.get("totalSamplesDuration")).doubleValue()).isGreaterThan(2));
      });
      String cartId = (String) ((Map<String, Object>) ((Map<String, Map<String, Object>>) expert.state().get("tracks"))
          .values().stream().filter(t -> "voice:enhanced".equals(t.get("role"))).findFirst().orElseThrow())
          .get("participantId");
      assertThat(cartId).startsWith("cart-");

      // Each path measured while the page plays it (a muted element is not decoded for playout),
      // after the adaptive gain has had a few seconds to settle.
      Thread.sleep(4000);
      double raw = measure(expert, "raw", "mic:patient");
      double enhanced = measure(expert, "enhanced", "voice:enhanced");
      System.out.printf("VoiceEnhancementIT: mic:patient %.1f dBFS, voice:enhanced %.1f dBFS, difference %.1f dB%n",
          raw, enhanced, enhanced - raw);
      assertThat(enhanced - raw).as("voice:enhanced over raw mic:patient, dB").isGreaterThanOrEqualTo(10);

      // The page shows the cart's levels, with its profile's preset; the taps saw the cart's track.
      Map<String, Object> page = (Map<String, Object>) expert.js("return JSON.parse(JSON.stringify(window.trEnhancement))");
      assertThat(page.get("enabled")).isEqualTo(Boolean.TRUE);
      Map<String, Object> levels = (Map<String, Object>) ((Map<String, Object>) page.get("levels")).get(cartId);
      assertThat(levels).as("enhancement.levels for the cart").isNotNull().containsEntry("preset", "aggressive");
      assertThat(((Number) levels.get("outputDbfs")).doubleValue()).isGreaterThan(((Number) levels.get("inputDbfs")).doubleValue());
      assertThat((String) expert.js("return document.getElementById('enh-levels').textContent")).contains("dBFS");
      assertThat(tapped).containsExactly(cartId);
      assertThat(expert.errors()).isEmpty();
      assertThat(cart.errors()).isEmpty();

      // A cart may not switch enhancement.
      Object code = cart.jsAsync("const done = arguments[arguments.length - 1];"
          + "window.trClient.request({type: 'enhancement', enabled: false}, 'enhancement.state')"
          + ".then(() => done('allowed'), (e) => done(e.code));");
      assertThat(code).isEqualTo("forbidden");

      // Off, from the page: voice:enhanced goes away, the raw patient mic stays.
      expert.js("document.getElementById('enh-enabled').click()");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<String, Map<String, Object>> tracks = (Map<String, Map<String, Object>>) expert.state().get("tracks");
        assertThat(tracks.values()).extracting(t -> t.get("role")).contains("mic:patient").doesNotContain("voice:enhanced");
        assertThat(expert.js("return window.trEnhancement.enabled")).isEqualTo(Boolean.FALSE);
      });
      long rawPackets = packets(expert.inboundStats(), "mic:patient");
      Thread.sleep(1000);
      assertThat(packets(expert.inboundStats(), "mic:patient")).isGreaterThan(rawPackets);

      // On again: it comes back.
      expert.js("document.getElementById('enh-enabled').click()");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(((Map<String, Map<String, Object>>) expert.state().get("tracks")).values())
              .extracting(t -> t.get("role")).contains("voice:enhanced"));
      assertThat(expert.errors()).isEmpty();
      server.server.media().removeTap(tap);
    }
  }

  /** Chooses what the page plays, then measures that track's level over 8 s. */
  static double measure(Browser expert, String listen, String role) throws InterruptedException {
    expert.js("window.trListen(arguments[0])", listen);
    Thread.sleep(1000);
    Map<String, Map<String, Object>> a = expert.inboundStats();
    Thread.sleep(8000);
    System.out.println("VoiceEnhancementIT: server levels on the page " + expert.js(
        "return JSON.stringify(window.trEnhancement.levels)"));
    return levelDb(a, expert.inboundStats(), role);
  }

  /** Mean level of a track between two stats snapshots: 10 log10(delta energy / delta duration). */
  static double levelDb(Map<String, Map<String, Object>> a, Map<String, Map<String, Object>> b, String role) {
    Map<String, Object> x = byRole(a, role);
    Map<String, Object> y = byRole(b, role);
    double energy = num(y, "totalAudioEnergy") - num(x, "totalAudioEnergy");
    double duration = num(y, "totalSamplesDuration") - num(x, "totalSamplesDuration");
    assertThat(duration).as(role + " samples duration").isGreaterThan(5);
    return 10 * Math.log10(Math.max(energy, 1e-12) / duration);
  }

  static long packets(Map<String, Map<String, Object>> s, String role) {
    return (long) num(byRole(s, role), "packetsReceived");
  }

  static Map<String, Object> byRole(Map<String, Map<String, Object>> s, String role) {
    return s.values().stream().filter(v -> role.equals(v.get("role"))).findFirst().orElseThrow(
        () -> new AssertionError("no inbound stats for " + role + ": " + s));
  }

  static double num(Map<String, Object> m, String k) {
    return ((Number) m.get(k)).doubleValue();
  }

}
