package org.telerounds.recorder.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.recorder.RecorderMetrics;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.Spool;
import org.telerounds.recorder.store.Uploader;

/**
 * A segment write that fails for real: the segment's spool file is a link to {@code /dev/full},
 * so the kernel answers ENOSPC ("No space left on device") once the writer's buffer is flushed.
 * The track must not stop: the failed segment becomes a gap with its cause, writing is tried again
 * after the retry interval on a new segment, and the track goes on to the end of the round. The
 * store is unreachable here, so every kept segment stays in the spool where the test reads it.
 */
class RoundRecordingGapTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 5_000_000_000L;
  private static final long WALL0 = 1_700_000_000_000L;
  private static final TrackInfo AUDIO = new TrackInfo("t-audio", "ward1", "p1", TrackRole.MIC_PATIENT, "audio",
      "opus", 48000);
  @TempDir
  Path tmp;
  private SimpleMeterRegistry registry;
  private ObjectStore store;
  private Uploader uploader;
  private Spool spool;
  private RoundRecording round;

  @BeforeEach
  void setUp() throws Exception {
    registry = new SimpleMeterRegistry();
    store = new ObjectStore("http://127.0.0.1:1", "us-east-1", "recordings", "k", "secret-key-for-test");
    spool = new Spool(tmp.resolve("spool"), 256L << 20);
    uploader = new Uploader(spool, store, ok -> { });
    Clock clock = Clock.fixed(Instant.ofEpochMilli(WALL0), ZoneOffset.UTC);
    round = new RoundRecording(RoundInfo.ofRoom("ward1"), clock, T0, spool, uploader, new RecorderMetrics(registry),
        2000 * MS, 500 * MS);
  }

  @AfterEach
  void tearDown() {
    uploader.close();
    store.close();
  }

  private Path segmentPart(int n) throws Exception {
    Path dir = spool.pathOf(round.prefix() + "tracks/t-audio/");
    Files.createDirectories(dir);
    return dir.resolve(String.format("seg-%05d.ogg.part", n));
  }

  /** 1 kB Opus packets (20 ms each, CELT fullband) for {@code seconds}, ticking as the writer thread does. */
  private void feed(double seconds) {
    for (int n = 0; n < seconds * 50; n++) {
      byte[] payload = new byte[1000];
      payload[0] = (byte) 0xF8; // config 31: CELT FB 20 ms, one frame
      ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
      b.put((byte) 0x80).put((byte) 111).putShort((short) n).putInt(960 * n).putInt(1111).put(payload);
      long at = T0 + n * 20 * MS;
      round.onPacket(AUDIO, b.array(), at);
      round.tick(at);
    }
  }

  @Test
  void aFullDiskMidSegmentLeavesAGapWithItsCauseAndTheTrackResumes() throws Exception {
    Files.createSymbolicLink(segmentPart(1), Path.of("/dev/full")); // the second segment hits a full disk
    feed(10);
    RoundSummary s = round.finish();

    RoundSummary.Track t = s.tracks().get(0);
    assertThat(t.gaps()).hasSize(1);
    Gap g = t.gaps().get(0);
    assertThat(g.cause()).isEqualTo("write-failed: No space left on device");
    assertThat(g.startMillis()).as("the lost segment began at about 2 s").isBetween(WALL0 + 2000, WALL0 + 2040);
    // the buffer (64 KiB) filled about 1.3 s into that segment; the retry came 500 ms later
    assertThat(g.endMillis()).isBetween(WALL0 + 3700, WALL0 + 4000);
    assertThat(t.segments()).as("the track went on after the gap").hasSizeGreaterThanOrEqualTo(4);
    assertThat(t.segments().get(t.segments().size() - 1).endMillis()).isGreaterThanOrEqualTo(WALL0 + 9900);
    for (int i = 0; i < t.segments().size(); i++) {
      assertThat(t.segments().get(i).key()).endsWith(String.format("seg-%05d.ogg", i));
      assertThat(Files.exists(spool.pathOf(t.segments().get(i).key()))).isTrue();
    }
    assertThat(RoundFinisher.status(s, true)).isEqualTo("complete-with-gaps");
    assertThat(RoundFinisher.status(s, false)).isEqualTo("incomplete");
    assertThat(registry.get("telerounds_recorder_gaps").counter().count()).isEqualTo(1);
    assertThat(registry.get("telerounds_recorder_write_failures").counter().count()).isGreaterThanOrEqualTo(1);
    String roundJson = Files.readString(spool.pathOf(round.prefix() + "round.json"));
    assertThat(roundJson).contains("No space left on device");
  }

  @Test
  void whenTheFirstSegmentIsLostTheStreamStartsOverWithItsHeaders() throws Exception {
    Files.createSymbolicLink(segmentPart(0), Path.of("/dev/full"));
    feed(6);
    RoundSummary s = round.finish();
    RoundSummary.Track t = s.tracks().get(0);
    assertThat(t.gaps()).hasSize(1);
    assertThat(t.gaps().get(0).startMillis()).isEqualTo(WALL0);
    byte[] first = Files.readAllBytes(spool.pathOf(t.segments().get(0).key()));
    String head = new String(first, 0, 64, StandardCharsets.ISO_8859_1);
    assertThat(head).startsWith("OggS").contains("OpusHead");
    assertThat(t.firstMillis()).as("the playable track starts where writing resumed")
        .isEqualTo(t.gaps().get(0).endMillis());
  }

  @Test
  void packetsThatNeverReachedTheWriterAreAGapThatEndsAtTheNextPacket() {
    feed(2);
    long lostFrom = T0 + 2000 * MS;
    round.missed(AUDIO, lostFrom, 40, "writer-queue-full");
    for (int n = 140; n < 250; n++) { // 2.0 s to 2.8 s never came; the track goes on at 2.8 s
      byte[] payload = new byte[1000];
      payload[0] = (byte) 0xF8;
      ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
      b.put((byte) 0x80).put((byte) 111).putShort((short) n).putInt(960 * n).putInt(1111).put(payload);
      long at = T0 + n * 20 * MS;
      round.onPacket(AUDIO, b.array(), at);
      round.tick(at);
    }
    RoundSummary s = round.finish();
    RoundSummary.Track t = s.tracks().get(0);
    assertThat(t.gaps()).containsExactly(new Gap(WALL0 + 2000, WALL0 + 2800, "writer-queue-full"));
    assertThat(t.lastMillis()).isEqualTo(WALL0 + 4980);
    assertThat(RoundFinisher.status(s, true)).isEqualTo("complete-with-gaps");
    assertThat(registry.get("telerounds_recorder_gaps").counter().count()).isEqualTo(1);
  }

  @Test
  void noGapMeansComplete() {
    feed(5);
    RoundSummary s = round.finish();
    assertThat(s.tracks().get(0).gaps()).isEmpty();
    assertThat(RoundFinisher.status(s, true)).isEqualTo("complete");
  }

  @Test
  void spoolFilesAreOwnerOnlyFromTheStart() throws Exception {
    feed(3);
    RoundSummary s = round.finish();
    Path seg = spool.pathOf(s.tracks().get(0).segments().get(0).key());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seg))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.pathOf(round.prefix() + "round.json"))))
        .isEqualTo("rw-------");
    for (Path dir : List.of(tmp.resolve("spool"), seg.getParent(), spool.pathOf(round.prefix()))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as("%s", dir).isEqualTo("rwx------");
    }
  }
}
