package org.telerounds.recorder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.recorder.store.ObjectStore;

/**
 * The process {@link RecorderFaultIT} starts inside its own mount namespace ({@code unshare -m}):
 * a recorder whose audio track's spool directory is a 1 MiB tmpfs. It records a round of real
 * Opus, VP8 and H.264 sent in real time; {@value #FILL_AT} ms in it fills the tmpfs (the disk is
 * full), {@value #FREE_AT} ms in it frees it again, then it ends the round, waits for the manifest
 * and exits. Its lines on stdout tell the test what happened. Args: work directory, seconds.
 */
public final class FaultyRound {
  static final long FILL_AT = 5000;
  static final long FREE_AT = 10000;

  public static void main(String[] args) {
    // Any failure ends the process: a recorder left open keeps S3Proxy's non-daemon threads alive,
    // and the IT, reading this process's output to its end, would wait for ever.
    try {
      run(args);
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      System.out.flush();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    double seconds = Double.parseDouble(args[1]);
    RecorderIT it = new RecorderIT();
    it.tmp = Files.createDirectories(dir.resolve("media"));
    RecorderIT.Feed feed = it.feed("ward7-bed1", seconds);
    for (RecorderIT.Track t : feed.tracks()) {
      System.out.println("SENT " + t.info().trackId() + " " + t.packets().stream()
          .mapToLong(p -> java.nio.ByteBuffer.wrap(p.rtp()).getInt(4) & 0xFFFFFFFFL).distinct().count());
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Recorder recorder = Recorder.start(RecorderFaultIT.config(dir), Clock.systemUTC(), registry);
    recorder.roundStarted(new RoundInfo("ward7-bed1", "cart-0201", "st-elsewhere", "ward-7"));
    String roundId = null;
    for (int i = 0; i < 100 && roundId == null; i++) {
      roundId = recorder.roundsInProgress().stream().map(Recorder.RoundInProgress::roundId).findFirst().orElse(null);
      Thread.sleep(50);
    }
    Path audioDir = Files.createDirectories(dir.resolve("spool/rounds/" + roundId + "/tracks/t-audio"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", audioDir.toString())
        .redirectErrorStream(true).start();
    String mountOut = new String(mount.getInputStream().readAllBytes()).strip();
    if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
      System.out.println("SETUP-FAILED cannot mount a tmpfs: " + mountOut);
      System.exit(3);
    }
    System.out.println("MOUNTED " + roundId);
    Path filler = audioDir.resolve("filler");
    long start = System.currentTimeMillis();
    feed.play(recorder, () -> System.currentTimeMillis() - start, RecorderIT.marks(FILL_AT, FREE_AT), at -> {
      if (at == FILL_AT) System.out.println("FULL after " + fill(filler) + " bytes");
      else {
        try {
          Files.delete(filler);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        System.out.println("FREED");
      }
    });
    feed.end(recorder);
    recorder.roundEnded("ward7-bed1");
    ObjectStore store = recorder.store();
    String manifest = null;
    for (int i = 0; i < 360 && manifest == null; i++) {
      Thread.sleep(500);
      manifest = store.list("rounds/" + roundId + "/").stream().map(ObjectStore.Entry::key)
          .filter(k -> k.endsWith("/manifest.json")).findFirst().orElse(null);
    }
    System.out.println("DROPS " + (long) registry.get("telerounds_recorder_drops").tag("what", "packet").counter().count());
    System.out.println("GAPS " + (long) registry.get("telerounds_recorder_gaps").counter().count());
    System.out.println("MANIFEST " + manifest);
    recorder.close();
    System.out.flush();
    System.exit(0);
  }

  /** Writes zeros until the file system says it is full; returns how many bytes fitted. */
  private static long fill(Path filler) {
    long n = 0;
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (n < (64L << 20)) {
        out.write(block);
        n += block.length;
      }
      throw new IllegalStateException("the tmpfs never filled up");
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left on device")) throw new java.io.UncheckedIOException(e);
      return n;
    }
  }
}
