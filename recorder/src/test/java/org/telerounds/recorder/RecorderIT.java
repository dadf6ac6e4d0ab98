package org.telerounds.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.recorder.round.JournalEntry;
import org.telerounds.recorder.round.Participant;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.recorder.store.EmbeddedS3;
import org.telerounds.recorder.store.ObjectStore;

/**
 * The recorder against a real S3 server (S3Proxy) with real Opus, VP8 and H.264 sent as RTP in
 * real time: segments reach the store while the round goes on, the finished round has playable
 * per-track files and a composite whose duration matches the round, and the manifest's sizes and
 * hashes match the stored objects. A store outage mid-round loses nothing.
 */
class RecorderIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path tmp;

  RecorderConfig config(String endpoint) {
    // The embedded store encrypts at rest; the external one here (S3Proxy without a KMS) is asked for none.
    return RecorderConfigs.of(tmp, Duration.ofSeconds(1), endpoint,
        endpoint.isEmpty() ? RecorderConfig.Encryption.SSE_S3 : RecorderConfig.Encryption.NONE);
  }

  @Test
  void recordsARoundIntoTheEmbeddedStoreWithPlayableFilesAndAManifest() throws Exception {
    try (Recorder recorder = Recorder.start(config(""), Clock.systemUTC(), new SimpleMeterRegistry())) {
      Feed feed = feed("ward1-bed2", 6.0);
      recorder.roundStarted(new RoundInfo("ward1-bed2", "cart-0042", "st-elsewhere", "icu-3"));
      recorder.participantJoined("ward1-bed2", new Participant("p1", "cart-0042", "cart", System.currentTimeMillis()));
      long start = System.currentTimeMillis();
      feed.play(recorder, () -> System.currentTimeMillis() - start, marks(2000L, 3000L), at -> recorder.journal("ward1-bed2",
          new JournalEntry(System.currentTimeMillis(), "p1", at == 2000L ? "privacy.on" : "privacy.off")));
      long roundMillis = System.currentTimeMillis() - start;
      feed.end(recorder);
      recorder.roundEnded("ward1-bed2");

      ObjectStore store = recorder.store();
      String manifestKey = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> store.list("rounds/").stream().map(ObjectStore.Entry::key)
              .filter(k -> k.endsWith("/manifest.json")).findFirst().orElse(null), k -> k != null);
      JsonNode m = JSON.readTree(store.get(manifestKey));
      assertThat(m.path("status").asText()).isEqualTo("complete");
      assertThat(m.path("ward").asText()).isEqualTo("icu-3");
      assertThat(m.path("tracks")).hasSize(3);
      for (JsonNode t : m.path("tracks")) {
        assertThat(t.path("segments").size()).as("segments of %s", t.path("role")).isGreaterThanOrEqualTo(4);
        assertHashMatches(store, t.path("file"));
        for (JsonNode s : t.path("segments")) assertHashMatches(store, s);
        assertThat(Math.abs(t.path("file").path("durationMillis").asLong() - roundMillis))
            .as("duration of %s", t.path("role")).isLessThan(1500);
      }
      assertThat(m.path("privacy").get(0).path("participantId").asText()).isEqualTo("p1");
      JsonNode c = m.path("composite");
      assertHashMatches(store, c);
      assertThat(Math.abs(c.path("durationMillis").asLong() - roundMillis)).isLessThan(1000);
      List<String> streams = new ArrayList<>();
      c.path("streams").forEach(s -> streams.add(s.asText()));
      assertThat(streams).contains("video:h264", "audio:aac");
      // the composite decodes from start to end with ffmpeg
      Path local = tmp.resolve("composite.mp4");
      Files.write(local, store.get(c.path("key").asText()));
      TestMedia.run("-i", local.toString(), "-f", "null", "-");
      assertEncryptedAtRest(tmp.resolve("s3"), store.get(manifestKey));
    }
  }

  /** No stored file holds the plaintext of the manifest or any Ogg/IVF/MP4 header. */
  static void assertEncryptedAtRest(Path s3dir, byte[] manifest) throws Exception {
    String probe = new String(manifest, 0, 40, java.nio.charset.StandardCharsets.ISO_8859_1);
    List<Path> files;
    try (var walk = Files.walk(s3dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path f : files) {
      String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(content).as("plaintext at rest in %s", f).doesNotContain(probe).doesNotContain("OggS")
          .doesNotContain("DKIF").doesNotContain("ftypisom");
    }
  }

  @Test
  void aStoreOutageMidRoundLosesNothing() throws Exception {
    Path s3dir = tmp.resolve("external-s3");
    EmbeddedS3 s3 = EmbeddedS3.start(s3dir, 0, "it-access", "it-secret-key");
    String endpoint = s3.endpoint();
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    try (Recorder recorder = Recorder.start(config(endpoint), Clock.systemUTC(), new SimpleMeterRegistry())) {
      Feed feed = feed("ward2-bed1", 14.0);
      recorder.roundStarted(RoundInfo.ofRoom("ward2-bed1"));
      long start = System.currentTimeMillis();
      AtomicBoolean down = new AtomicBoolean();
      EmbeddedS3[] restarted = new EmbeddedS3[1];
      feed.play(recorder, () -> System.currentTimeMillis() - start, marks(2000L, 12000L), at -> {
        if (at == 2000L) {
          s3.close(); // the store goes away for 10 s
          down.set(true);
        } else {
          try {
            restarted[0] = EmbeddedS3.start(s3dir, port, "it-access", "it-secret-key");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      });
      long roundMillis = System.currentTimeMillis() - start;
      feed.end(recorder);
      recorder.roundEnded("ward2-bed1");
      try {
        ObjectStore store = recorder.store();
        String manifestKey = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> store.list("rounds/").stream().map(ObjectStore.Entry::key)
                .filter(k -> k.endsWith("/manifest.json")).findFirst().orElse(null), k -> k != null);
        JsonNode m = JSON.readTree(store.get(manifestKey));
        for (JsonNode t : m.path("tracks")) {
          List<String> keys = new ArrayList<>();
          t.path("segments").forEach(s -> keys.add(s.path("key").asText()));
          assertThat(keys).as("no segment missing for %s", t.path("role")).hasSizeGreaterThanOrEqualTo(13);
          for (int i = 0; i < keys.size(); i++) assertThat(keys.get(i)).endsWith(String.format("seg-%05d.%s", i,
              t.path("kind").asText().equals("audio") ? "ogg" : "ivf"));
          assertThat(Math.abs(t.path("file").path("durationMillis").asLong() - roundMillis))
              .as("duration of %s", t.path("role")).isLessThan(1500);
          assertHashMatches(store, t.path("file"));
        }
        assertThat(down).isTrue();
      } finally {
        if (restarted[0] != null) restarted[0].close();
      }
    }
  }

  static void assertHashMatches(ObjectStore store, JsonNode object) throws Exception {
    byte[] bytes = store.get(object.path("key").asText());
    assertThat(bytes.length).isEqualTo(object.path("size").asLong());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
        .isEqualTo(object.path("sha256").asText());
  }

  Feed feed(String room, double seconds) throws Exception {
    return new Feed(room, List.of(
        new Track(new TrackInfo("t-audio", "", "p1", TrackRole.MIC_PATIENT, "audio", "opus", 48000),
            TestMedia.opus(tmp, seconds, 1111)),
        new Track(new TrackInfo("t-room", "", "p1", TrackRole.CAMERA_ROOM, "video", "VP8", 90000),
            TestMedia.vp8(tmp, seconds, 2222)),
        new Track(new TrackInfo("t-exam", "", "p1", TrackRole.CAMERA_EXAM, "video", "H264", 90000),
            TestMedia.h264(tmp, seconds, 3333))));
  }

  record Track(TrackInfo info, List<TestMedia.Packet> packets) {}

  /** Times (ms after the start) at which the test acts once. */
  static java.util.TreeSet<Long> marks(Long... at) {
    return new java.util.TreeSet<>(List.of(at));
  }

  /** Sends every track's packets at their times, in real time. */
  record Feed(String room, List<Track> tracks) {
    void play(Recorder r, java.util.function.LongSupplier nowMillis, java.util.TreeSet<Long> marks,
        java.util.function.LongConsumer atMark) throws InterruptedException {
      int[] next = new int[tracks.size()];
      while (true) {
        long now = nowMillis.getAsLong();
        while (!marks.isEmpty() && marks.first() <= now) atMark.accept(marks.pollFirst());
        boolean left = false;
        for (int i = 0; i < tracks.size(); i++) {
          Track t = tracks.get(i);
          TrackInfo info = t.info();
          while (next[i] < t.packets().size() && t.packets().get(next[i]).atMillis() <= now) {
            byte[] p = t.packets().get(next[i]++).rtp();
            r.onRtp(inRoom(info), p, 0, p.length, System.nanoTime());
          }
          left |= next[i] < t.packets().size();
        }
        if (!left) return;
        Thread.sleep(5);
      }
    }

    void end(Recorder r) {
      tracks.forEach(t -> r.onTrackEnded(inRoom(t.info())));
    }

    private TrackInfo inRoom(TrackInfo i) {
      return new TrackInfo(i.trackId(), room, i.participantId(), i.role(), i.kind(), i.codec(), i.clockRate());
    }
  }
}
