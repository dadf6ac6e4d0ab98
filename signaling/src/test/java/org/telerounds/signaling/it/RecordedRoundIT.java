package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.signaling.auth.Role;

/**
 * A 30 s round in headless Chromium (cart with two cameras, patient and room microphones and a
 * stethoscope; one expert; the server's enhanced voice) through the SFU, recorded into the real embedded S3 store (S3Proxy).
 * Then, as an auditor would: the round is found through the REST API, every per-track file and
 * the composite are downloaded through their short-lived links, their SHA-256 match the manifest,
 * ffprobe (Debian's) finds every stream, and the composite lasts as long as the round (within 1 s).
 * The auditor page plays it, and each of those accesses is in the audit log. The room camera is
 * simulcast (its profile lists three layers): its recording follows the highest layer the cart
 * sends, which Chromium raises during the round, so it must hold video from the start with no
 * long hole at a switch.
 */
class RecordedRoundIT {
  static final String CART = "cart-rec-01";
  static final String PROFILE = """
      extends = "rc300-cardio"
      identity { cart-id = "cart-rec-01", model = "rc300-cardio", hospital = "it-hospital", ward = "rec-ward" }
      network.signaling-url = "wss://rounds.it-hospital.example/ws"
      cameras.room.label-pattern = "^fake_device_0"
      cameras.exam.label-pattern = "^fake_device_2"
      cameras.exam.simulcast = null
      audio-inputs.patient-mic.label-pattern = "Fake"
      privacy { video-off-on-start = false }
      """;

  @TempDir
  Path tmp;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  @SuppressWarnings("unchecked")
  void aThirtySecondRoundIsRecordedCompletelyAndPlaysOnTheAuditPage() throws Exception {
    Prerequisites.here().browserMedia();
    Path wav = TestAudio.tone(tmp, 330, 60, 48000);
    String room = "rec-bed1";
    try (TestServer server = new TestServer();
        Browser cart = new Browser(wav, 3);
        Browser expert = new Browser(wav)) {
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      assertThat(TestServer.put(server.http() + "/api/cart-models/rc300-cardio", admin,
          Files.readString(CartProfileIT.EXAMPLES.resolve("models/rc300-cardio.conf")))).isEqualTo(200);
      assertThat(TestServer.put(server.http() + "/api/carts/" + CART + "/profile", admin, PROFILE)).isEqualTo(201);

      long opened = System.currentTimeMillis();
      cart.open(server.http() + "/cart?autostart=1&cart=" + CART + "&roomAudio=tone&stethoscopeAudio=tone&room=" + room);
      // However long the cart takes to join on a busy machine, the round is held open 30 s from then.
      await().atMost(Duration.ofSeconds(90)).until(() -> Boolean.TRUE.equals(cart.state().get("joined")));
      long joined = System.currentTimeMillis(); // the round started at or before this
      expert.open(server.http() + "/expert?autostart=1&name=rec&room=" + room);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        assertThat(((Map<String, Map<String, Object>>) expert.state().get("tracks")).values())
            .extracting(t -> t.get("role")).containsExactlyInAnyOrder(
            "camera:room", "camera:exam", "mic:patient", "mic:room", "audio:stethoscope", "voice:enhanced");
        assertThat(CartControlIT.videoFrames(expert)).isGreaterThan(30);
      });
      long left = joined + 30_000 - System.currentTimeMillis();
      if (left > 0) Thread.sleep(left);
      System.out.println("RECORDED-ROUND cart sends: " + SimulcastIT.outbound(cart));
      long leaving = System.currentTimeMillis(); // media flows until after this
      expert.js("window.trClient.leave()");
      cart.js("window.trClient.leave()");
      long gone = System.currentTimeMillis();
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();

      // While it is being finished, the round is listed as in progress; then by its cart once finished.
      String auditor = server.tokenFor("qc-it", Role.AUDITOR);
      JsonNode listed = get(server.http() + "/api/rounds", auditor).path("rounds");
      assertThat(listed.findValuesAsText("status")).containsExactly("in-progress");
      assertThat(listed.get(0).path("room").asText()).isEqualTo(room);
      JsonNode found = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(
          () -> get(server.http() + "/api/rounds?cart=" + CART, auditor).path("rounds"), r -> r.size() == 1);
      String id = found.get(0).path("roundId").asText();
      JsonNode m = get(server.http() + "/api/rounds/" + id, auditor).path("manifest");
      assertThat(m.path("status").asText()).isEqualTo("complete");
      assertThat(m.path("ward").asText()).isEqualTo("rec-ward");
      long roundMillis = m.path("endedMillis").asLong() - m.path("startedMillis").asLong();
      System.out.printf("RECORDED-ROUND cart page opened -> joined %d ms; round %d ms; leave -> listed finished %d ms%n",
          joined - opened, roundMillis, System.currentTimeMillis() - gone);
      // The record spans what the test saw of the round: from the cart's join (at the latest) to the
      // leave (at the earliest), and no more than from opening the cart page to the last leave.
      assertThat(roundMillis).as("round length vs the test's view: joined +%d ms, leaving +%d ms, gone +%d ms after"
          + " opening the cart page", joined - opened, leaving - opened, gone - opened)
          .isGreaterThanOrEqualTo(leaving - joined - 1000).isLessThanOrEqualTo(gone - opened + 2000);

      List<String> roles = new ArrayList<>();
      for (JsonNode t : m.path("tracks")) {
        roles.add(t.path("role").asText());
        assertThat(t.path("problem").isMissingNode()).as("%s", t).isTrue();
        Path f = download(server, auditor, id, t.path("file"));
        Probe p = ffprobe(f);
        String kind = t.path("kind").asText();
        assertThat(p.streams).as("streams of %s", t.path("role")).containsExactly(
            kind.equals("audio") ? "audio:opus" : "video:" + t.path("codec").asText().toLowerCase());
        assertThat(p.durationMillis).as("duration of %s", t.path("role")).isGreaterThan(20_000);
        if (t.path("role").asText().equals("camera:room")) {
          long pause = longestPauseMillis(f);
          System.out.printf("RECORDED-ROUND simulcast room camera: picture widths %s, longest pause %d ms%n",
              frameWidths(f), pause);
          assertThat(pause).as("longest pause in the simulcast camera's recording").isLessThanOrEqualTo(2000);
        }
      }
      assertThat(roles).containsExactlyInAnyOrder("camera:room", "camera:exam", "mic:patient", "mic:room",
          "audio:stethoscope", "voice:enhanced");

      JsonNode c = m.path("composite");
      Path composite = download(server, auditor, id, c);
      Probe p = ffprobe(composite);
      assertThat(p.streams).containsExactlyInAnyOrder("video:h264", "audio:aac");
      assertThat(p.width).as("two cameras side by side").isGreaterThan(p.height);
      StringBuilder spans = new StringBuilder();
      for (JsonNode t : m.path("tracks")) {
        spans.append(String.format("%n%s: start +%d, end +%d, file %d ms", t.path("role").asText(),
            t.path("startMillis").asLong() - m.path("startedMillis").asLong(),
            t.path("endMillis").asLong() - m.path("startedMillis").asLong(), t.path("file").path("durationMillis").asLong()));
      }
      assertThat(Math.abs(p.durationMillis - roundMillis)).as("composite %d ms vs round %d ms%s", p.durationMillis,
          roundMillis, spans).isLessThanOrEqualTo(1000);

      // The auditor page plays it with the transcript pane beside it.
      try (Browser audit = new Browser(wav)) {
        audit.open(server.http() + "/audit");
        await().atMost(Duration.ofSeconds(60)).until(() -> (Boolean) audit.js(
            "return document.querySelectorAll('#rounds tbody tr').length === 1"));
        audit.js("document.querySelector('#rounds button.open').click()");
        await().atMost(Duration.ofSeconds(60)).until(() -> (Boolean) audit.js(
            "const v = document.getElementById('video'); return v.readyState >= 1 && v.duration > 0"));
        double seconds = ((Number) audit.js("return document.getElementById('video').duration")).doubleValue();
        assertThat(Math.abs(seconds * 1000 - roundMillis)).isLessThanOrEqualTo(1000);
        assertThat((String) audit.js("return document.getElementById('transcript').textContent")).contains("Transcript");
        assertThat((String) audit.js("return document.getElementById('files').textContent"))
            .contains("camera:exam").contains("Composite");
        assertThat(audit.js("return window.auditState.error")).isNull();
      }
      JsonNode entries = get(server.http() + "/api/audit?limit=1000", admin).path("entries");
      List<String> actions = new ArrayList<>();
      entries.forEach(e -> actions.add(e.path("actor").asText() + " " + e.path("action").asText()));
      assertThat(actions).contains("qc-it rounds.list", "qc-it round.view", "qc-it round.download",
          "dev-auditor rounds.list", "dev-auditor round.view", "dev-auditor round.download",
          "dev-auditor round.transcript");
      assertThat(get(server.http() + "/api/audit/verify", admin).path("valid").asBoolean()).isTrue();
    }
  }

  record Probe(List<String> streams, long durationMillis, int width, int height) {}

  /** Debian's ffprobe on a file: "kind:codec" per stream, the container's duration, video size. */
  static Probe ffprobe(Path file) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
        "stream=codec_type,codec_name,width,height:format=duration", "-of", "json", file.toString())
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(out)).isZero();
    JsonNode j = WsClient.JSON.readTree(out);
    List<String> streams = new ArrayList<>();
    int w = 0;
    int h = 0;
    for (JsonNode s : j.path("streams")) {
      streams.add(s.path("codec_type").asText() + ":" + s.path("codec_name").asText());
      if (s.has("width")) {
        w = s.path("width").asInt();
        h = s.path("height").asInt();
      }
    }
    return new Probe(streams, Math.round(j.path("format").path("duration").asDouble() * 1000), w, h);
  }

  /** The longest pause between two consecutive packets of a file's first stream (ffprobe pts), in ms. */
  static long longestPauseMillis(Path file) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "0", "-show_entries",
        "packet=pts_time", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<Double> pts = new ArrayList<>();
    for (String line : out.split("\\R")) {
      String v = line.replace(",", "").trim();
      if (!v.isEmpty() && !v.equals("N/A")) pts.add(Double.parseDouble(v));
    }
    assertThat(pts).as("packets in %s", file).hasSizeGreaterThan(10);
    java.util.Collections.sort(pts);
    double longest = 0;
    for (int i = 1; i < pts.size(); i++) longest = Math.max(longest, pts.get(i) - pts.get(i - 1));
    return Math.round(longest * 1000);
  }

  /** The picture widths of a video file's frames, in order, each run of one width once (decodes it). */
  static List<Integer> frameWidths(Path file) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "frame=width", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<Integer> runs = new ArrayList<>();
    for (String line : out.split("\\R")) {
      String v = line.replace(",", "").trim();
      if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) continue;
      int w = Integer.parseInt(v);
      if (runs.isEmpty() || runs.get(runs.size() - 1) != w) runs.add(w);
    }
    return runs;
  }

  /** Downloads a manifest-listed object through the auditor's presigned link; checks size and hash. */
  Path download(TestServer server, String token, String id, JsonNode object) throws Exception {
    String key = object.path("key").asText();
    JsonNode link = get(server.http() + "/api/rounds/" + id + "/download?key=" + key, token);
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(link.path("url").asText())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat((long) r.body().length).isEqualTo(object.path("size").asLong());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())))
        .as("sha256 of %s", key).isEqualTo(object.path("sha256").asText());
    Path f = tmp.resolve(key.substring(key.lastIndexOf('/') + 1));
    Files.write(f, r.body());
    return f;
  }

  JsonNode get(String url, String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return WsClient.JSON.readTree(r.body());
  }
}
