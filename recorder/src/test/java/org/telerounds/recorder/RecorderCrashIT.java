package org.telerounds.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.recorder.store.ObjectStore;

/**
 * Crash safety: a recording process is killed with SIGKILL 20 s into a round. After a restart
 * on the same spool and store, every segment up to the last completed one is intact (hash and
 * sequence) and listed, and the round is finished as incomplete but playable, with its true length
 * (up to its last kept segment, not 0 s) and its transcript up to the crash (spooled as it came).
 */
class RecorderCrashIT {
  @TempDir
  Path tmp;

  static RecorderConfig config(Path dir, Duration segment) {
    return RecorderConfigs.of(dir, segment, "", RecorderConfig.Encryption.SSE_S3);
  }

  @Test
  void aKilledRecorderLosesAtMostTheSegmentInFlight() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashingRound.class.getName(), tmp.toString(), "60").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
      List<String> lines = new ArrayList<>();
      for (String l; (l = out.readLine()) != null && !l.contains("FEEDING"); ) lines.add(l);
      assertThat(child.isAlive()).as("child started feeding: %s", lines).isTrue();
      Thread.sleep(20_000);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      child.waitFor(10, TimeUnit.SECONDS);
    }
    long killedAfter = 20_000;

    try (Recorder recorder = Recorder.start(config(tmp, Duration.ofSeconds(4)), Clock.systemUTC(),
        new SimpleMeterRegistry())) {
      ObjectStore store = recorder.store();
      String manifestKey = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> store.list("rounds/").stream().map(ObjectStore.Entry::key)
              .filter(k -> k.endsWith("/manifest.json")).findFirst().orElse(null), k -> k != null);
      JsonNode m = RecorderIT.JSON.readTree(store.get(manifestKey));
      assertThat(m.path("status").asText()).isEqualTo("incomplete");
      assertThat(m.path("cartId").asText()).isEqualTo("cart-0107");
      assertThat(m.path("tracks")).hasSize(3);
      for (JsonNode t : m.path("tracks")) {
        JsonNode segs = t.path("segments");
        // 4 s segments over 20 s: at least 4 completed ones per track, numbered without a gap.
        assertThat(segs.size()).as("segments of %s", t.path("role")).isGreaterThanOrEqualTo(4);
        for (int i = 0; i < segs.size(); i++) {
          assertThat(segs.get(i).path("key").asText()).contains(String.format("seg-%05d.", i));
          RecorderIT.assertHashMatches(store, segs.get(i));
        }
        RecorderIT.assertHashMatches(store, t.path("file"));
        long dur = t.path("file").path("durationMillis").asLong();
        assertThat(dur).as("playable %s up to its last segment", t.path("role"))
            .isBetween(segs.size() * 4000L - 2500, killedAfter + 1000);
      }
      assertThat(m.path("composite").path("durationMillis").asLong()).isGreaterThan(12_000);
      long length = m.path("endedMillis").asLong() - m.path("startedMillis").asLong();
      assertThat(length).as("the round's length after the crash").isBetween(12_000L, killedAfter + 2000);
      String prefix = manifestKey.substring(0, manifestKey.length() - "manifest.json".length());
      List<String> transcripts = new ArrayList<>();
      m.path("transcripts").forEach(t -> transcripts.add(t.path("key").asText()));
      assertThat(transcripts).containsExactlyInAnyOrder(prefix + "transcripts/transcript.json",
          prefix + "transcripts/transcript.vtt");
      for (JsonNode t : m.path("transcripts")) RecorderIT.assertHashMatches(store, t);
      JsonNode transcript = RecorderIT.JSON.readTree(store.get(prefix + "transcripts/transcript.json"));
      List<String> texts = new ArrayList<>();
      transcript.path("captions").forEach(c -> texts.add(c.path("text").asText()));
      // captions are spooled every segment length (4 s): those up to 12 s into the round were surely out
      assertThat(texts).as("the transcript up to the crash").hasSizeGreaterThanOrEqualTo(6)
          .startsWith("caption number 1", "caption number 2", "caption number 3", "caption number 4",
              "caption number 5", "caption number 6");
      assertThat(new String(store.get(prefix + "transcripts/transcript.vtt"), StandardCharsets.UTF_8))
          .startsWith("WEBVTT").contains("<v Bedside>caption number 6</v>");
      assertThat(store.list(prefix + "transcripts/parts/")).as("parts joined and removed").isEmpty();
      try (Stream<Path> left = Files.walk(tmp.resolve("spool"))) {
        assertThat(left.filter(Files::isRegularFile)).as("spool emptied after the restart").isEmpty();
      }
    }
  }
}
