package org.telerounds.recorder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.recorder.archive.RetentionPolicy;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.recorder.store.ObjectStore;

/**
 * Recording figures for docs/benchmarks.md, on the embedded (encrypted) S3 store in this JVM:
 *
 * <pre>
 * overhead SECONDS N1,N2,...   N tracks (a third each Opus 32k, VP8 and H.264 at 1280x720 1.5 Mb/s)
 *                              fed in real time: CPU of the recorder's threads and of the whole
 *                              process (S3Proxy included) per track, heap per track, drops
 * finish SECONDS               one round (Opus, VP8 and H.264 720p) of SECONDS of media, fed 10x
 *                              faster than real time: time from its end to the manifest (playable
 *                              per-track files and composite) in the store
 * </pre>
 *
 * {@code mvn -o -pl recorder -am test-compile exec:exec@recording-load -Dexec.executable=true -Dload.args="overhead 30 12,48,96"}
 */
public final class RecorderLoad {
  record Track(TrackInfo info, List<TestMedia.Packet> packets) {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("recorder-load");
    try {
      switch (args.length > 0 ? args[0] : "") {
        case "overhead" -> overhead(dir, Double.parseDouble(args[1]), args[2].split(","));
        case "finish" -> finish(dir, Double.parseDouble(args[1]));
        default -> System.err.println("usage: overhead SECONDS N1,N2,... | finish SECONDS");
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static RecorderConfig config(Path dir, boolean composite) {
    return new RecorderConfig(true, Duration.ofSeconds(4), dir.resolve("spool"), 4L << 30, 65536, "", "us-east-1",
        "recordings", "load-access", "load-secret-key", dir.resolve("s3"), 0, composite, Duration.ofMinutes(30),
        RecorderConfig.Encryption.SSE_S3, "", dir.resolve("s3.key"), Duration.ofMinutes(5),
        new RetentionPolicy(Period.ofYears(30), List.of()), dir.resolve("secrets"), Duration.ofSeconds(1),
        org.telerounds.recorder.ffmpeg.FfmpegLocator.Source.AUTO);
  }

  static List<List<TestMedia.Packet>> media(Path dir, double seconds) throws Exception {
    return List.of(TestMedia.opus(dir, seconds, 1111), TestMedia.vp8(dir, seconds, 2222, "1280x720", "1500k"),
        TestMedia.h264(dir, seconds, 3333, "1280x720", "1500k"));
  }

  static List<Track> tracks(int n, List<List<TestMedia.Packet>> media) {
    List<Track> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String room = "load-" + (i / 3);
      int k = i % 3;
      TrackRole role = k == 0 ? TrackRole.MIC_PATIENT : k == 1 ? TrackRole.CAMERA_ROOM : TrackRole.CAMERA_EXAM;
      out.add(new Track(new TrackInfo("t" + i, room, "p" + (i / 3), role, k == 0 ? "audio" : "video",
          k == 0 ? "opus" : k == 1 ? "VP8" : "H264", k == 0 ? 48000 : 90000), media.get(k)));
    }
    return out;
  }

  /** Feeds every track's packets; {@code speed} 1 is real time. Arrival times follow the media clock. */
  static void feed(Recorder r, List<Track> tracks, double speed) throws InterruptedException {
    int[] next = new int[tracks.size()];
    long start = System.nanoTime();
    while (true) {
      long mediaNow = (long) ((System.nanoTime() - start) / 1e6 * speed);
      boolean left = false;
      for (int i = 0; i < tracks.size(); i++) {
        Track t = tracks.get(i);
        while (next[i] < t.packets().size() && t.packets().get(next[i]).atMillis() <= mediaNow) {
          TestMedia.Packet p = t.packets().get(next[i]++);
          r.onRtp(t.info(), p.rtp(), 0, p.rtp().length, start + (long) (p.atMillis() * 1e6 / speed));
        }
        left |= next[i] < t.packets().size();
      }
      if (!left) return;
      Thread.sleep(5);
    }
  }

  static long recorderCpuNanos(ThreadMXBean threads) {
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("recorder-")) sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
    }
    return sum;
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static long heapAfterGc(MemoryMXBean mem) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return mem.getHeapMemoryUsage().getUsed();
  }

  static void overhead(Path dir, double seconds, String[] counts) throws Exception {
    List<List<TestMedia.Packet>> media = media(dir, seconds);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.out.println("| tracks | recorder threads, % of one core | per track | whole process, % of one core | per track"
        + " | heap per track (MiB) | packet drops |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String c : counts) {
      int n = Integer.parseInt(c.trim());
      Path run = dir.resolve("n" + n);
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      try (Recorder r = Recorder.start(config(run, false), Clock.systemUTC(), reg)) {
        List<Track> tracks = tracks(n, media);
        for (int room = 0; room * 3 < n; room++) r.roundStarted(RoundInfo.ofRoom("load-" + room));
        long heap0 = heapAfterGc(mem);
        long cpu0 = recorderCpuNanos(threads);
        long proc0 = processCpuNanos();
        long wall0 = System.nanoTime();
        feed(r, tracks, 1.0);
        long wall = System.nanoTime() - wall0;
        long cpu = recorderCpuNanos(threads) - cpu0;
        long proc = processCpuNanos() - proc0;
        long heap = heapAfterGc(mem) - heap0;
        double drops = reg.get("telerounds_recorder_drops").tag("what", "packet").counter().count();
        double pct = 100.0 * cpu / wall;
        double ppct = 100.0 * proc / wall;
        System.out.println(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f | %.2f | %.2f | %.0f |", n, pct, pct / n,
            ppct, ppct / n, heap / 1048576.0 / n, drops));
        for (int room = 0; room * 3 < n; room++) r.roundEnded("load-" + room);
        r.shutdown(Duration.ofMinutes(2));
      }
    }
  }

  static void finish(Path dir, double seconds) throws Exception {
    List<Track> tracks = tracks(3, media(dir, seconds));
    try (Recorder r = Recorder.start(config(dir.resolve("run"), true), Clock.systemUTC(), new SimpleMeterRegistry())) {
      r.roundStarted(RoundInfo.ofRoom("load-0"));
      feed(r, tracks, 10.0);
      tracks.forEach(t -> r.onTrackEnded(t.info()));
      long ended = System.nanoTime();
      r.roundEnded("load-0");
      ObjectStore store = r.store();
      String manifest = null;
      while (manifest == null) {
        Thread.sleep(100);
        manifest = store.list("rounds/").stream().map(ObjectStore.Entry::key).filter(k -> k.endsWith("/manifest.json"))
            .findFirst().orElse(null);
      }
      double secs = (System.nanoTime() - ended) / 1e9;
      var m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(store.get(manifest));
      System.out.println(String.format(Locale.ROOT, "round of %.0f s media: manifest with composite (%d ms, %.1f MiB)"
          + " in the store %.1f s after the round ended", seconds, m.path("composite").path("durationMillis").asLong(),
          m.path("composite").path("size").asLong() / 1048576.0, secs));
    }
  }
}
