package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio first (issue 11): a Chromium cart sends its room camera as three simulcast layers, its
 * exam camera and its microphones; a Chromium expert's downlink drops to 300 kbit/s. The expert's
 * video degrades (a lower layer, or suspended) while the patient's voice keeps flowing: under 5% of
 * its samples concealed (asserted; the goal is 2%, and the figure is printed for
 * docs/benchmarks.md). The subscriber's pacer carried the video (its queue-delay histogram counts
 * packets). {@code -Dit.pacing=false} runs the same with the pacer off, for the comparison in
 * docs/benchmarks.md.
 */
class AudioFirstIT {
  private static final String EXPERT_PORTS = "41000-41999";
  private static final String CART_PORTS = "43000-43999";

  @TempDir
  Path tmp;

  @Test
  void thePatientsVoiceFlowsWhileTheExpertsVideoDegrades() throws Exception {
    Prerequisites.here().browserMedia().tool(Firewall.NFT, "apt-get install nftables")
        .tool(LinkShaper.TC, "apt-get install iproute2");
    Path wav = TestAudio.tone(tmp, 440, 120, 48000);
    String media = System.getenv().getOrDefault("TELEROUNDS_TEST_MEDIA_ADDRESS", "127.0.0.1");
    int mediaPort = Firewall.freePortOutside(media, 41000, 43999);
    boolean pacing = Boolean.parseBoolean(System.getProperty("it.pacing", "true"));
    String room = "audio-first-bed1";
    try (TestServer server = new TestServer(Map.of("telerounds.media.udp-port", mediaPort,
            "telerounds.media.twcc.pacing.enabled", pacing));
        LinkShaper shaper = LinkShaper.onLoopback();
        Browser cart = new Browser(wav, 3, CART_PORTS);
        Browser expert = new Browser(wav, 1, EXPERT_PORTS)) {
      SimulcastIT.startCart(server, cart, room);
      expert.open(server.http() + "/expert?autostart=1&name=A&room=" + room);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> width(expert) >= 1000 && audio(expert)[0] > 100);

      shaper.limit(12, "udp sport " + mediaPort + " udp dport " + EXPERT_PORTS, 300, 30_000);
      long t0 = System.nanoTime();
      try {
        // the video degrades: a lower layer than the top one, or suspended
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> width(expert) < 1000 || suspensions(server) > 0);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("width " + width(expert) + "\n" + LinkShaper.stats(), e);
      }
      long down = (System.nanoTime() - t0) / 1_000_000;
      Thread.sleep(5_000); // the estimate settles and the queue the top layer built drains
      long[] a0 = audio(expert);
      long v0 = frames(expert);
      double e0 = server.metric("telerounds_media_subscriber_estimate_bps_sum", "");
      double n0 = server.metric("telerounds_media_subscriber_estimate_bps_count", "");
      await().atMost(Duration.ofSeconds(90)).until(() -> audio(expert)[0] > a0[0] + 1000); // 20 s of 20 ms packets
      long[] a1 = audio(expert);
      long frames = frames(expert) - v0;
      double concealed = (double) (a1[2] - a0[2]) / Math.max(1, a1[1] - a0[1]);
      double paced = server.metric("telerounds_media_pacer_queue_delay_seconds_count", "");
      double estimate = (server.metric("telerounds_media_subscriber_estimate_bps_sum", "") - e0)
          / Math.max(1, server.metric("telerounds_media_subscriber_estimate_bps_count", "") - n0);
      System.out.printf("AUDIO FIRST expert at 300 kbit/s (pacing %s): video degraded after %d ms; over %d audio"
          + " packets %.2f%% of samples concealed; %d frames decoded meanwhile (width %d, suspensions %d);"
          + " mean estimate %.0f bit/s; paced packets %.0f, queue delay p95 %s; %s%n", pacing ? "on" : "off", down,
          a1[0] - a0[0], 100 * concealed, frames, width(expert), suspensions(server), estimate, paced, p95(server),
          LinkShaper.stats().replace('\n', ' '));
      assertThat(concealed).as("share of the patient's audio concealed on a 300 kbit/s link").isLessThan(0.05);
      if (pacing) assertThat(paced).as("video packets through the expert's pacer").isPositive();
      assertThat(cart.errors()).isEmpty();
      assertThat(expert.errors()).isEmpty();
    }
  }

  private static String p95(TestServer server) throws Exception {
    double b = server.histogramBound("telerounds_media_pacer_queue_delay_seconds", 0.95);
    return Double.isNaN(b) ? "none" : "<= " + Math.round(b * 1000) + " ms";
  }

  private static long suspensions(TestServer server) throws Exception {
    return (long) server.metric("telerounds_media_video_switches_total", "direction=\"suspend\"");
  }

  private static long width(Browser expert) {
    return stat(expert, "camera:room", "frameWidth");
  }

  private static long frames(Browser expert) {
    return stat(expert, "camera:room", "framesDecoded") + stat(expert, "camera:exam", "framesDecoded");
  }

  /** The patient's audio at the expert: packets received, samples received, samples concealed. */
  private static long[] audio(Browser expert) {
    return new long[] {stat(expert, "mic:patient", "packetsReceived"),
        stat(expert, "mic:patient", "totalSamplesReceived"), stat(expert, "mic:patient", "concealedSamples")};
  }

  private static long stat(Browser b, String role, String key) {
    return b.inboundStats().values().stream().filter(s -> role.equals(s.get("role"))).map(s -> s.get(key))
        .filter(Number.class::isInstance).mapToLong(n -> ((Number) n).longValue()).max().orElse(0);
  }
}
