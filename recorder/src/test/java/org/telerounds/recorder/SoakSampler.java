package org.telerounds.recorder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the soak watches in its own process, one {@link Sample} per interval: heap in use, heap
 * after a full GC, resident set size ({@code VmRSS} of /proc/self/status), live threads (and the
 * {@code media-dtls-*} ones), open file descriptors (/proc/self/fd) and the packet counters.
 * Threads and descriptors are the least of five reads 100 ms apart, so a segment file or an upload
 * that is open for a moment is not taken for growth; a leak raises the least too. The
 * verdict says whether the process was flat after warm-up: the last sample's heap after GC within
 * {@code tolerance} of the first sample after warm-up (with a 16 MiB floor for small heaps), its
 * RSS within {@code tolerance} of the part of that sample's RSS outside the heap (the harness
 * pre-touches the whole heap, so RSS grows only outside it; floor 32 MiB), and threads and
 * descriptors never above the most seen up to that sample.
 */
final class SoakSampler {
  record Sample(long atSeconds, long heapUsed, long heapAfterGc, long rss, int threads, int dtlsThreads, int fds,
      long forwarded, long recorded, long recorderDrops) {
    String row() {
      return String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %d | %d | %d | %d | %d | %d |", atSeconds,
          mib(heapUsed), mib(heapAfterGc), mib(rss), threads, dtlsThreads, fds, forwarded, recorded, recorderDrops);
    }
  }

  static final String HEADER = "| t (s) | heap used (MiB) | heap after GC (MiB) | RSS (MiB) | threads | media-dtls"
      + " threads | open fds | RTP forwarded | RTP to recorder | recorder drops |\n|---|---|---|---|---|---|---|---|---|---|";

  private final List<Sample> samples = new ArrayList<>();
  private final LongSupplier forwarded;
  private final LongSupplier recorded;
  private final LongSupplier recorderDrops;

  SoakSampler(LongSupplier forwarded, LongSupplier recorded, LongSupplier recorderDrops) {
    this.forwarded = forwarded;
    this.recorded = recorded;
    this.recorderDrops = recorderDrops;
  }

  Sample sample(long atSeconds) throws IOException {
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.gc();
    long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    int dtls = (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("media-dtls-")).count();
    int threads = Integer.MAX_VALUE;
    int fds = Integer.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      threads = Math.min(threads, ManagementFactory.getThreadMXBean().getThreadCount());
      fds = Math.min(fds, openFds());
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Sample s = new Sample(atSeconds, used, after, rssBytes(), threads, dtls, fds, forwarded.getAsLong(),
        recorded.getAsLong(), recorderDrops.getAsLong());
    samples.add(s);
    return s;
  }

  List<Sample> samples() { return List.copyOf(samples); }

  static long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
      }
    }
    return -1;
  }

  static int openFds() throws IOException {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return (int) s.count();
    }
  }

  /** The verdict, as lines; {@code problems} gets one line per way the run was not flat. */
  List<String> verdict(long warmupSeconds, double tolerance, List<String> problems) {
    List<String> out = new ArrayList<>();
    Sample base = samples.stream().filter(s -> s.atSeconds() >= warmupSeconds).findFirst().orElse(null);
    Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
    if (base == null || base == last) {
      problems.add("no sample after warm-up (" + warmupSeconds + " s) to compare with: run longer");
      return out;
    }
    int maxThreads = 0;
    int maxFds = 0;
    for (Sample s : samples) {
      if (s.atSeconds() > base.atSeconds()) break;
      maxThreads = Math.max(maxThreads, s.threads());
      maxFds = Math.max(maxFds, s.fds());
    }
    within("heap after GC", base.heapAfterGc(), last.heapAfterGc(),
        Math.max((long) (base.heapAfterGc() * tolerance), 16L << 20), out, problems);
    long outsideHeap = Math.max(0, base.rss() - Runtime.getRuntime().totalMemory());
    within("RSS", base.rss(), last.rss(), Math.max((long) (outsideHeap * tolerance), 32L << 20), out, problems);
    bounded("threads", maxThreads, samples.stream().filter(s -> s.atSeconds() > base.atSeconds())
        .mapToInt(Sample::threads).max().orElse(0), out, problems);
    bounded("open fds", maxFds, samples.stream().filter(s -> s.atSeconds() > base.atSeconds())
        .mapToInt(Sample::fds).max().orElse(0), out, problems);
    return out;
  }

  private static void within(String what, long base, long last, long allowed, List<String> out,
      List<String> problems) {
    String line = String.format(Locale.ROOT, "%s: %.0f MiB after warm-up, %.0f MiB at the end (%+.1f%%; allowed +%.0f MiB)",
        what, mib(base), mib(last), 100.0 * (last - base) / base, mib(allowed));
    out.add(line);
    if (last - base > allowed) problems.add("not flat: " + line);
  }

  private static void bounded(String what, int bound, int afterMax, List<String> out, List<String> problems) {
    String line = what + ": at most " + bound + " up to warm-up, at most " + afterMax + " after";
    out.add(line);
    if (afterMax > bound) problems.add("not bounded: " + line);
  }

  static double mib(long bytes) {
    return bytes / 1048576.0;
  }
}
