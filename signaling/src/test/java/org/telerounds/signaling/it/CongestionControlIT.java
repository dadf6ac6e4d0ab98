package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transport-wide congestion control with two real Chromium peers, each on a link of its own
 * ({@link LinkShaper}: HTB classes on loopback, chosen per flow by nftables).
 * <ul>
 *   <li>transport-cc is negotiated on the cart's publish and the expert's subscribe connection, and
 *       feedback flows both ways (counters in /metrics);
 *   <li>the cart's uplink drops to 400 kbit/s: the cart's own estimate (Chromium's
 *       {@code availableOutgoingBitrate}, driven by the server's feedback) falls below 600 kbit/s and
 *       the expert keeps decoding its video;
 *   <li>the expert's downlink drops to 500 kbit/s: the server's estimate for that expert
 *       (the {@code telerounds_media_subscriber_estimate_bps} histogram) stays at or below
 *       750 kbit/s for five samples in a row; the video it cannot carry is suspended, and the
 *       patient's audio keeps arriving with under 5% of its samples concealed;
 *   <li>the limit lifts: padding probes let the estimate climb, the video resumes and decodes.
 * </ul>
 * Generous timeouts; how fast it adapts is measured in docs/benchmarks.md, not asserted here.
 */
class CongestionControlIT {
  private static final String EXPERT_PORTS = "41000-41999";
  private static final String CART_PORTS = "42000-42999";

  @TempDir
  static Path tmp;
  static Path wav;

  @BeforeAll
  static void audio() throws Exception {
    wav = TestAudio.tone(tmp, 440, 60, 48000);
  }

  @Test
  void eachEstimateFollowsItsOwnLink() throws Exception {
    Prerequisites.here().browserMedia().tool(Firewall.NFT, "apt-get install nftables")
        .tool(LinkShaper.TC, "apt-get install iproute2");
    String media = System.getenv().getOrDefault("TELEROUNDS_TEST_MEDIA_ADDRESS", "127.0.0.1");
    int mediaPort = Firewall.freePortOutside(media, 41000, 42999);
    try (TestServer server = new TestServer(Map.of("telerounds.media.udp-port", mediaPort));
        LinkShaper shaper = LinkShaper.onLoopback();
        Browser expert = new Browser(wav, 1, EXPERT_PORTS);
        Browser cart = new Browser(wav, 1, CART_PORTS)) {
      expert.open(server.http() + "/expert?autostart=1&name=cardiology&room=cc");
      await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(expert.state().get("joined")));
      cart.open(server.http() + "/cart?autostart=1&room=cc");
      await().atMost(Duration.ofSeconds(90)).until(() -> framesDecoded(expert) > 30);

      // 1. negotiated on both connections; feedback both ways
      assertThat((String) cart.js("return window.trClient.pub.remoteDescription.sdp;"))
          .contains("transport-wide-cc-extensions-01").contains("transport-cc");
      assertThat((String) expert.js("return window.trClient.sub.remoteDescription.sdp;"))
          .contains("transport-wide-cc-extensions-01").contains("transport-cc");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          metric(server, "telerounds_media_twcc_feedback_sent_total") > 10
              && metric(server, "telerounds_media_twcc_feedback_received_total") > 10);

      // 2. the cart's uplink: its own estimate follows the server's feedback down
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> cartEstimate(cart) > 700_000);
      long cartBefore = cartEstimate(cart);
      shaper.limit(11, "udp sport " + CART_PORTS + " udp dport " + mediaPort, 400, 25_000);
      long t0 = System.nanoTime();
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> cartEstimate(cart) < 600_000);
        System.out.printf("TWCC cart uplink 400 kbit/s: Chromium's estimate %d -> below 600000 in %d ms%n",
            cartBefore, (System.nanoTime() - t0) / 1_000_000);
        long frames = framesDecoded(expert);
        await().atMost(Duration.ofSeconds(60)).until(() -> framesDecoded(expert) > frames + 30);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("cart estimate " + cartEstimate(cart) + "\n" + LinkShaper.stats(), e);
      }
      shaper.rate(11, "10gbit");

      // 3. the expert's downlink: the server's estimate for it follows down
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
          .until(() -> estimatesAbove(server, 1_000_000) > 0);
      shaper.limit(12, "udp sport " + mediaPort + " udp dport " + EXPERT_PORTS, 500, 30_000);
      long t1 = System.nanoTime();
      ArrayDeque<long[]> window = new ArrayDeque<>();
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
          long count = metric(server, "telerounds_media_subscriber_estimate_bps_count");
          long low = bucket(server, 750_000);
          window.addLast(new long[] {count, low});
          if (window.size() > 8) window.removeFirst();
          long[] first = window.peekFirst();
          return count - first[0] >= 5 && low - first[1] == count - first[0]; // every recent sample low
        });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("estimate samples (count, <=750k): "
            + window.stream().map(w -> w[0] + "/" + w[1]).toList() + "\n" + LinkShaper.stats(), e);
      }
      System.out.printf("TWCC expert downlink 500 kbit/s: five estimate samples in a row <= 750000 within %d ms%n",
          (System.nanoTime() - t1) / 1_000_000);

      // 4. audio first: the video the link cannot carry is suspended, the patient's voice flows on
      await().atMost(Duration.ofSeconds(60)).until(() -> switches(server, "suspend") > 0);
      Thread.sleep(3_000); // let the queue the video had built drain
      long[] a0 = audio(expert);
      await().atMost(Duration.ofSeconds(60)).until(() -> audio(expert)[0] > a0[0] + 500); // 10 s of 20 ms packets
      long[] a1 = audio(expert);
      double concealed = (double) (a1[2] - a0[2]) / Math.max(1, a1[1] - a0[1]);
      System.out.printf("TWCC expert downlink 500 kbit/s, video suspended: audio concealed %.2f%% of samples%n",
          100 * concealed);
      assertThat(concealed).as("share of the patient's audio concealed while video is suspended").isLessThan(0.05);

      // 5. the limit lifts: padding probes find the room, the video resumes
      shaper.rate(12, "10gbit");
      long t2 = System.nanoTime();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> switches(server, "resume") > 0);
      long framesAfter = framesDecoded(expert);
      await().atMost(Duration.ofSeconds(60)).until(() -> framesDecoded(expert) > framesAfter + 30);
      System.out.printf("TWCC expert downlink lifted: video resumed and decoding within %d ms (padding %d bytes)%n",
          (System.nanoTime() - t2) / 1_000_000, metric(server, "telerounds_media_probe_padding_bytes_total"));
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();
    }
  }

  /** Chromium's send-side estimate on the cart's publish connection, or -1. */
  private static long cartEstimate(Browser cart) {
    Object v = cart.jsAsync("const done = arguments[arguments.length - 1];"
        + "const pc = window.trClient && window.trClient.pub; if (!pc) { done(-1); return; }"
        + "pc.getStats().then(r => { let v = -1; r.forEach(s => { if (s.type === 'candidate-pair' && s.nominated"
        + " && s.state === 'succeeded' && s.availableOutgoingBitrate !== undefined) v = s.availableOutgoingBitrate; });"
        + " done(v); }, () => done(-1));");
    return v instanceof Number n ? n.longValue() : -1;
  }

  private static long framesDecoded(Browser expert) {
    return inbound(expert, "camera:room", "framesDecoded");
  }

  /** The patient's audio at the expert: packets received, samples received, samples concealed. */
  private static long[] audio(Browser expert) {
    return new long[] {inbound(expert, "mic:patient", "packetsReceived"),
        inbound(expert, "mic:patient", "totalSamplesReceived"), inbound(expert, "mic:patient", "concealedSamples")};
  }

  private static long switches(TestServer server, String direction) throws Exception {
    Matcher m = Pattern.compile("(?m)^telerounds_media_video_switches_total\\{([^}]*)\\} ([0-9.eE+]+)$")
        .matcher(metrics(server));
    while (m.find()) {
      if (m.group(1).contains("direction=\"" + direction + "\"")) return (long) Double.parseDouble(m.group(2));
    }
    return 0;
  }

  private static long inbound(Browser b, String role, String key) {
    return b.inboundStats().values().stream().filter(s -> role.equals(s.get("role"))).map(s -> s.get(key))
        .filter(Number.class::isInstance).mapToLong(n -> ((Number) n).longValue()).max().orElse(0);
  }

  private static String metrics(TestServer server) throws Exception {
    return server.metrics();
  }

  private static long metric(TestServer server, String name) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(metrics(server));
    return m.find() ? (long) Double.parseDouble(m.group(2)) : 0;
  }

  /** Samples of the subscriber-estimate histogram at or below {@code le} bits per second. */
  private static long bucket(TestServer server, long le) throws Exception {
    Matcher m = Pattern.compile("(?m)^telerounds_media_subscriber_estimate_bps_bucket\\{le=\"([0-9.eE+]+)\"[^}]*\\} ([0-9.eE+]+)$")
        .matcher(metrics(server));
    while (m.find()) {
      if ((long) Double.parseDouble(m.group(1)) == le) return (long) Double.parseDouble(m.group(2));
    }
    throw new AssertionError("no bucket le=" + le + " in /metrics");
  }

  private static long estimatesAbove(TestServer server, long bps) throws Exception {
    return metric(server, "telerounds_media_subscriber_estimate_bps_count") - bucket(server, bps);
  }
}
