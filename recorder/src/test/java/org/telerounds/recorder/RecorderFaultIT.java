package org.telerounds.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.recorder.store.ObjectStore;

/**
 * A real full disk mid-round: {@link FaultyRound} runs in a private mount namespace with its
 * audio track's spool directory on a 1 MiB tmpfs, fills it 5 s into the round and frees it at 10 s.
 * Then: the audio track resumed once space returned and reaches the end of the round; the manifest
 * lists the gap with its cause; the round is {@code complete-with-gaps}; the two video tracks,
 * whose directories were never full, lost no frame and no packet was dropped. Needs root and
 * {@code unshare} (util-linux); skipped with a message where they are missing, except under
 * {@code CI=true}, where that is a failure.
 */
class RecorderFaultIT {
  private static final double SECONDS = 16.0;
  @TempDir
  Path tmp;

  static RecorderConfig config(Path dir) {
    return RecorderConfigs.of(dir, Duration.ofSeconds(2), "", RecorderConfig.Encryption.SSE_S3);
  }

  /** Skips, or under CI=true fails, saying why the fault cannot be set up here. */
  private static void requireFault(boolean ok, String why) {
    if (ok) return;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("RecorderFaultIT cannot set up its fault under CI: " + why);
    assumeTrue(false, "RecorderFaultIT skipped: " + why);
  }

  private static boolean canUnshare() {
    try {
      Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "true").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aFullDiskMidRoundLeavesAListedGapAndTheTrackResumes() throws Exception {
    requireFault(canUnshare(), "cannot make a private mount namespace (needs root and util-linux's unshare)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder("unshare", "-m", "--propagation", "private", java, "-cp",
        System.getProperty("java.class.path"), FaultyRound.class.getName(), tmp.toString(), String.valueOf(SECONDS))
        .redirectErrorStream(true).start();
    // a child that hangs is killed, so its output ends and the assertions below say what it did
    CompletableFuture.delayedExecutor(10, TimeUnit.MINUTES).execute(child::destroyForcibly);
    Map<String, Long> sent = new HashMap<>();
    List<String> lines = new ArrayList<>();
    String manifestKey = null;
    long drops = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
      for (String l; (l = out.readLine()) != null; ) {
        lines.add(l);
        String[] w = l.split(" ");
        switch (w[0]) {
          case "SENT" -> sent.put(w[1], Long.parseLong(w[2]));
          case "DROPS" -> drops = Long.parseLong(w[1]);
          case "MANIFEST" -> manifestKey = w[1];
          case "SETUP-FAILED" -> requireFault(false, l);
          default -> { }
        }
      }
    } finally {
      child.waitFor(5, TimeUnit.MINUTES);
      child.destroyForcibly();
    }
    String log = String.join("\n", lines);
    assertThat(log).as("the tmpfs filled up and was freed").contains("FULL after").contains("FREED");
    assertThat(manifestKey).as("manifest written; child output:\n%s", log).isNotNull().isNotEqualTo("null");
    assertThat(drops).as("packets dropped by the recorder's queue").isZero();

    try (Recorder recorder = Recorder.start(config(tmp), Clock.systemUTC(), new SimpleMeterRegistry())) {
      ObjectStore store = recorder.store();
      JsonNode m = RecorderIT.JSON.readTree(store.get(manifestKey));
      assertThat(m.path("status").asText()).isEqualTo("complete-with-gaps");
      assertThat(recorder.archive().find(m.path("roundId").asText()).orElseThrow().status())
          .as("as the archive lists it").isEqualTo("complete-with-gaps");
      long started = m.path("startedMillis").asLong();
      for (JsonNode t : m.path("tracks")) {
        String id = t.path("trackId").asText();
        for (JsonNode s : t.path("segments")) RecorderIT.assertHashMatches(store, s);
        RecorderIT.assertHashMatches(store, t.path("file"));
        if (id.equals("t-audio")) {
          assertThat(t.path("gaps")).as("the audio track's gaps").hasSize(1);
          JsonNode g = t.path("gaps").get(0);
          assertThat(g.path("cause").asText()).isEqualTo("write-failed: No space left on device");
          long from = g.path("startMillis").asLong() - started;
          long to = g.path("endMillis").asLong() - started;
          // the disk was full from 5 s to 10 s; segments are 2 s, a retry waits 1 s
          System.out.printf("RecorderFaultIT: audio gap from %d ms to %d ms into the round (%s); disk full %d..%d ms%n",
              from, to, g.path("cause").asText(), FaultyRound.FILL_AT, FaultyRound.FREE_AT);
          assertThat(from).as("gap start, ms into the round").isBetween(2500L, FaultyRound.FILL_AT + 500);
          assertThat(to).as("gap end, ms into the round").isBetween(FaultyRound.FILL_AT + 1000, FaultyRound.FREE_AT + 4000);
          assertThat(t.path("endMillis").asLong() - started).as("audio recorded to the end of the round")
              .isGreaterThan((long) (SECONDS * 1000) - 1500);
          assertThat(t.path("file").path("durationMillis").asLong()).as("playable across the gap")
              .isGreaterThan((long) (SECONDS * 1000) - 2500);
        } else {
          assertThat(t.path("gaps")).as("gaps of %s", id).isEmpty();
          assertThat(ivfFrames(store, t.path("segments"))).as("frames of %s", id).isEqualTo(sent.get(id));
        }
      }
    }
  }

  /** Frames in a track's IVF segments, joined. */
  private static long ivfFrames(ObjectStore store, JsonNode segments) throws Exception {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (JsonNode s : segments) all.write(store.get(s.path("key").asText()));
    ByteBuffer b = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    b.position(32);
    long frames = 0;
    while (b.remaining() >= 12) {
      int size = b.getInt();
      b.getLong();
      b.position(b.position() + size);
      frames++;
    }
    return frames;
  }
}
