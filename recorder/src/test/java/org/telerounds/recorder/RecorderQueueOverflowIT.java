package org.telerounds.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.recorder.round.Participant;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.recorder.store.ObjectStore;

/**
 * The writer thread stalls for 1.5 s mid-round (as on an overloaded machine) while Opus and VP8
 * arrive in real time, so the writer's queue (64 packets here) overflows and packets are dropped
 * on the media loop. Before, those drops were only a counter: the round came out {@code complete}
 * with a hole in each track. Now each track lists the loss as a gap with its cause, the round is
 * {@code complete-with-gaps}, and each track goes on after the stall (video from its next keyframe,
 * so the file decodes without errors).
 */
class RecorderQueueOverflowIT {
  @TempDir
  Path tmp;

  @Test
  void packetsDroppedOnAFullWriterQueueAreGapsInTheManifest() throws Exception {
    RecorderConfig config = RecorderConfigs.of(tmp, Duration.ofSeconds(1), "", RecorderConfig.Encryption.SSE_S3, 64);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Recorder recorder = Recorder.start(config, Clock.systemUTC(), registry)) {
      RecorderIT.Feed feed = new RecorderIT.Feed("ward3-bed1", List.of(
          new RecorderIT.Track(new TrackInfo("t-audio", "", "p1", TrackRole.MIC_PATIENT, "audio", "opus", 48000),
              TestMedia.opus(tmp, 7.0, 1111)),
          new RecorderIT.Track(new TrackInfo("t-room", "", "p1", TrackRole.CAMERA_ROOM, "video", "VP8", 90000),
              TestMedia.vp8(tmp, 7.0, 2222))));
      recorder.roundStarted(RoundInfo.ofRoom("ward3-bed1"));
      recorder.participantJoined("ward3-bed1", new Participant("p1", "cart-7", "cart", System.currentTimeMillis()));
      CountDownLatch release = new CountDownLatch(1);
      long start = System.currentTimeMillis();
      long[] releasedAt = new long[1];
      feed.play(recorder, () -> System.currentTimeMillis() - start, RecorderIT.marks(2000L, 3500L), at -> {
        if (at == 2000L) {
          recorder.onWriterThread(() -> {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
        } else {
          releasedAt[0] = System.currentTimeMillis();
          release.countDown();
        }
      });
      feed.end(recorder);
      recorder.roundEnded("ward3-bed1");

      double dropped = registry.get("telerounds_recorder_drops").tag("what", "packet").counter().count();
      assertThat(dropped).as("the stall overflowed the writer's queue").isGreaterThan(0);

      ObjectStore store = recorder.store();
      String manifestKey = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> store.list("rounds/").stream().map(ObjectStore.Entry::key)
              .filter(k -> k.endsWith("/manifest.json")).findFirst().orElse(null), k -> k != null);
      JsonNode m = RecorderIT.JSON.readTree(store.get(manifestKey));
      assertThat(m.path("status").asText()).isEqualTo("complete-with-gaps");
      assertThat(m.path("tracks")).hasSize(2);
      for (JsonNode t : m.path("tracks")) {
        String role = t.path("role").asText();
        JsonNode gaps = t.path("gaps");
        assertThat(gaps).as("gaps of %s", role).hasSize(1);
        JsonNode g = gaps.get(0);
        assertThat(g.path("cause").asText()).isEqualTo("writer-queue-full");
        assertThat(g.path("startMillis").asLong()).as("%s: the loss began during the stall", role)
            .isBetween(start + 2000, releasedAt[0]);
        assertThat(g.path("endMillis").asLong()).as("%s: the gap ends after the stall", role)
            .isGreaterThanOrEqualTo(g.path("startMillis").asLong());
        assertThat(t.path("endMillis").asLong()).as("%s went on after the gap", role)
            .isGreaterThan(g.path("endMillis").asLong() + 1000);
        // the playable file decodes from start to end: no frame after the gap refers to a lost one
        String key = t.path("file").path("key").asText();
        Path local = tmp.resolve(key.substring(key.lastIndexOf('/') + 1));
        Files.write(local, store.get(key));
        TestMedia.run("-v", "error", "-xerror", "-i", local.toString(), "-f", "null", "-");
      }
    }
  }
}
