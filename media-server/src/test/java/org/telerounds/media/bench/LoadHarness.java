package org.telerounds.media.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.telerounds.media.testing.LoopbackSfu;
import org.telerounds.media.testing.LoopbackSfu.Peer;
import org.telerounds.media.testing.MediaPayload;
import org.telerounds.media.testing.MediaPump;
import org.telerounds.media.testing.WebRtcTestClient;

/**
 * Loopback load run: one publisher (Opus 50 packets/s of 100 B + VP8 1.5 Mbit/s in 1,200 B packets
 * at 30 fps, ~206 packets/s in all) and N subscribers, every one a {@link WebRtcTestClient} doing
 * real ICE/DTLS/SRTP against an in-process media server on 127.0.0.1. One fresh server per N.
 *
 * <p>Per N it reports, over a measurement window after a warm-up: forwarded packets/s (media RTP
 * the subscribers decrypted), delivery ratio, CPU seconds per 100,000 forwarded packets (the
 * server's media-loop thread alone, the client threads, and the whole process), forwarding latency
 * p50/p99 (subscriber receive time minus the publisher's send time stamped in the payload, same
 * JVM clock; includes the clients' own SRTP and socket calls), and heap per subscriber (used heap
 * after full GCs with N subscribers minus with none; split into server and client parts by making
 * the subscribers leave on the server while their clients stay open).
 *
 * <p>Usage: {@code LoadHarness [N,N,...] [--warmup=S] [--measure=S] [--srtp=PROFILE] [--out=FILE]
 * [--threads] [--twcc]}: subscriber counts (default {@code 1,10,50}), warm-up and window seconds (default 3
 * and 12), restrict the server to one SRTP profile (e.g. AES_CM_128_HMAC_SHA1_80), also write the
 * markdown table to FILE, print the CPU by thread, and have every subscriber send transport-wide CC
 * feedback (so the server's estimate, allocation and pacer run for it, as for a browser). Each option may also be given as a system
 * property {@code load.NAME}. Run with {@code mvn -o -q -pl media-server test-compile exec:exec@load
 * -Dload.args="1,10,50 --threads"}.
 */
public final class LoadHarness {
  private static final String ROOM = "load-round";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private LoadHarness() {}

  /** Counts and timestamps what one subscriber receives; runs on that client's receive thread. */
  static final class Receiver implements WebRtcTestClient.RtpListener {
    final long[] audio;
    final long[] video;
    volatile boolean recording;
    volatile int audioSampled;
    volatile int videoSampled;
    volatile long windowPackets;
    volatile long mediaPackets;
    /** Sequence numbers skipped (lost on the way) or repeated, per stream, over the whole run. */
    volatile long gaps;
    private int lastAudioSeq = -1;
    private int lastVideoSeq = -1;

    Receiver(int audioCapacity, int videoCapacity) {
      audio = new long[audioCapacity];
      video = new long[videoCapacity];
    }

    @Override
    public void onRtp(byte[] b, int off, int len, long receiveNanos) {
      int pt = b[off + 1] & 0x7F;
      if (pt != WebRtcTestClient.OPUS_PT && pt != WebRtcTestClient.VP8_PT) return;
      mediaPackets++;
      int seq = ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
      int last = pt == WebRtcTestClient.OPUS_PT ? lastAudioSeq : lastVideoSeq;
      if (last >= 0 && seq != ((last + 1) & 0xFFFF)) gaps += Math.max(1, (seq - last - 1) & 0xFFFF);
      if (pt == WebRtcTestClient.OPUS_PT) lastAudioSeq = seq; else lastVideoSeq = seq;
      if (!recording) return;
      windowPackets++;
      int po = MediaPayload.payloadOffset(b, off, len);
      if (po < 0) return;
      long latency = receiveNanos - MediaPayload.sendNanos(b, po);
      if (pt == WebRtcTestClient.OPUS_PT) {
        int n = audioSampled;
        if (n < audio.length) {
          audio[n] = latency;
          audioSampled = n + 1;
        }
      } else {
        int n = videoSampled;
        if (n < video.length) {
          video[n] = latency;
          videoSampled = n + 1;
        }
      }
    }
  }

  record Result(int subscribers, int connected, double seconds, long published, long forwarded, long gaps,
      long serverRtpOut,
      double mediaLoopCpu, double dtlsCpu, double clientCpu, double processCpu, long gcMillis, double p50Micros,
      double p99Micros, double maxMicros, double audioP50, double audioP99, double videoP50, double videoP99,
      double heapTotalPerSub, double heapServerPerSub, double heapClientPerSub,
      double connectMillisPerSub, String srtpProfile) {
    double forwardedPerSecond() { return forwarded / seconds; }
    double delivery() { return subscribers == 0 ? 1 : (double) forwarded / ((double) published * subscribers); }
    double per100k(double cpu) { return forwarded == 0 ? Double.NaN : cpu / forwarded * 100_000; }
  }

  public static void main(String[] args) throws Exception {
    LoopbackSfu.defaultLogLevel("WARN");
    String countsArg = "1,10,50";
    for (String a : args) {
      if (a.startsWith("--") && a.contains("=")) {
        // --measure=12 is -Dload.measure=12 (exec:exec passes no -D through to this JVM)
        System.setProperty("load." + a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else if (a.startsWith("--")) {
        System.setProperty("load." + a.substring(2), "true");
      } else {
        countsArg = a;
      }
    }
    List<Integer> counts = new ArrayList<>();
    for (String s : countsArg.split(",")) counts.add(Integer.parseInt(s.trim()));
    int warmup = Integer.getInteger("load.warmup", 3);
    int measure = Integer.getInteger("load.measure", 12);
    String srtp = System.getProperty("load.srtp");
    System.out.printf(Locale.ROOT, "# LoadHarness: N=%s, warm-up %d s, window %d s, subscribers send TWCC feedback: %s,"
        + " %d CPUs, %s %s, max heap %d MiB%n",
        counts, warmup, measure, Boolean.getBoolean("load.twcc"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    List<Result> results = new ArrayList<>();
    for (int n : counts) {
      Result r = run(n, warmup, measure, srtp);
      results.add(r);
      System.out.println(line(r));
    }
    String table = table(results);
    System.out.println();
    System.out.println(table);
    String out = System.getProperty("load.out");
    if (out != null) Files.writeString(Path.of(out), table);
    System.exit(0); // the media server's and clients' daemon threads are gone; be sure nothing lingers
  }

  static Result run(int n, int warmupSeconds, int measureSeconds, String srtp) throws Exception {
    Map<String, Object> cfg = new HashMap<>();
    if (srtp != null) cfg.put("telerounds.media.srtp-profiles", List.of(srtp));
    try (LoopbackSfu sfu = new LoopbackSfu(cfg)) {
      Peer cart = sfu.publish(ROOM, "cart", WebRtcTestClient.options());
      MediaPump pump = MediaPump.cartProfile(cart.client()).start();
      try {
        // room for the window at 1.5x the nominal rate, allocated before the baseline heap reading
        Receiver[] receivers = new Receiver[n];
        for (int i = 0; i < n; i++) {
          receivers[i] = new Receiver((int) (50 * 1.5 * measureSeconds) + 100, (int) (157 * 1.5 * measureSeconds) + 100);
        }
        Thread.sleep(1000);
        long heap0 = usedHeapAfterGc();

        long t0 = System.nanoTime();
        Peer[] subs = connectAll(sfu, receivers);
        double connectMillis = n == 0 ? 0 : (System.nanoTime() - t0) / 1e6 / n;
        int connected = (int) Arrays.stream(subs).filter(p -> p.client().isConnected()).count();
        Thread.sleep(warmupSeconds * 1000L);

        Map<Long, Long> cpu0 = threadCpu();
        long proc0 = OS.getProcessCpuTime();
        long gc0 = gcMillis();
        long pub0 = pump.audioSent() + pump.videoSent();
        double out0 = sfu.counter("telerounds.media.packets.out", "type", "rtp");
        long w0 = System.nanoTime();
        for (Receiver r : receivers) r.recording = true;
        Thread.sleep(measureSeconds * 1000L);
        for (Receiver r : receivers) r.recording = false;
        long w1 = System.nanoTime();
        long pub1 = pump.audioSent() + pump.videoSent();
        double out1 = sfu.counter("telerounds.media.packets.out", "type", "rtp");
        long proc1 = OS.getProcessCpuTime();
        long gc1 = gcMillis();
        Map<Long, Long> cpu1 = threadCpu();
        // by thread name now, while every thread of the window is still alive
        double mediaLoopCpu = cpuOf(cpu0, cpu1, "media-loop");
        double dtlsCpu = cpuOf(cpu0, cpu1, "media-dtls");
        double clientCpu = cpuOf(cpu0, cpu1, "webrtc-client-") + cpuOf(cpu0, cpu1, "media-pump-");
        if (Boolean.getBoolean("load.threads")) printTopThreads(cpu0, cpu1, (w1 - w0) / 1e9);
        Thread.sleep(100);

        long forwarded = 0;
        long gaps = 0;
        for (Receiver r : receivers) {
          forwarded += r.windowPackets;
          gaps += r.gaps;
        }
        long[] audio = merge(receivers, true);
        long[] video = merge(receivers, false);
        long[] all = new long[audio.length + video.length];
        System.arraycopy(audio, 0, all, 0, audio.length);
        System.arraycopy(video, 0, all, audio.length, video.length);
        Arrays.sort(all);

        long heapN = usedHeapAfterGc();
        for (Peer p : subs) p.leave(); // server state goes, clients stay
        Thread.sleep(300);
        long heapClients = usedHeapAfterGc();
        String profile = subs.length > 0 && subs[0].client().srtpProfile() != null
            ? subs[0].client().srtpProfile().name() : cart.client().srtpProfile().name();
        for (Peer p : subs) p.close();

        return new Result(n, connected, (w1 - w0) / 1e9, pub1 - pub0, forwarded, gaps, (long) (out1 - out0),
            mediaLoopCpu, dtlsCpu, clientCpu, (proc1 - proc0) / 1e9,
            gc1 - gc0, percentile(all, 0.50), percentile(all, 0.99), all.length == 0 ? Double.NaN : all[all.length - 1] / 1e3,
            percentile(audio, 0.50), percentile(audio, 0.99), percentile(video, 0.50), percentile(video, 0.99),
            n == 0 ? 0 : (heapN - heap0) / (double) n, n == 0 ? 0 : (heapN - heapClients) / (double) n,
            n == 0 ? 0 : (heapClients - heap0) / (double) n, connectMillis, profile);
      } finally {
        pump.close();
      }
    }
  }

  private static Peer[] connectAll(LoopbackSfu sfu, Receiver[] receivers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Peer>> futures = new ArrayList<>();
      for (int i = 0; i < receivers.length; i++) {
        Receiver r = receivers[i];
        String id = "sub-" + i;
        futures.add(pool.submit(() -> sfu.subscribe(ROOM, id,
            WebRtcTestClient.options().onRtp(r).twccFeedback(Boolean.getBoolean("load.twcc")), true,
            Duration.ofSeconds(20))));
      }
      Peer[] peers = new Peer[receivers.length];
      for (int i = 0; i < peers.length; i++) peers[i] = futures.get(i).get(60, TimeUnit.SECONDS);
      return peers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** CPU nanoseconds of every live thread, by id. */
  private static Map<Long, Long> threadCpu() {
    Map<Long, Long> m = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long t = THREADS.getThreadCpuTime(id);
      if (t >= 0) m.put(id, t);
    }
    return m;
  }

  /** CPU seconds spent between the two snapshots by threads whose name starts with {@code prefix}. */
  private static double cpuOf(Map<Long, Long> before, Map<Long, Long> after, String prefix) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      java.lang.management.ThreadInfo info = THREADS.getThreadInfo(e.getKey());
      if (info == null || !info.getThreadName().startsWith(prefix)) continue;
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum / 1e9;
  }

  /** Where the process CPU went in the window, by thread name with digits folded (-Dload.threads=true). */
  private static void printTopThreads(Map<Long, Long> before, Map<Long, Long> after, double seconds) {
    Map<String, Long> byName = new HashMap<>();
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      java.lang.management.ThreadInfo info = THREADS.getThreadInfo(e.getKey());
      if (info == null) continue;
      String name = info.getThreadName().startsWith("webrtc-client-sub-") ? "webrtc-client-sub-*-rx"
          : info.getThreadName().replaceAll("[0-9]+", "#");
      byName.merge(name, e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
    }
    byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
        .forEach(e -> System.out.printf(Locale.ROOT, "    %-32s %6.1f%% of one core%n", e.getKey(),
            100 * e.getValue() / 1e9 / seconds));
  }

  private static long gcMillis() {
    long t = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) t += Math.max(0, gc.getCollectionTime());
    return t;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(150);
      best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  /** Every latency sample of one kind, sorted. */
  private static long[] merge(Receiver[] receivers, boolean audio) {
    int total = 0;
    for (Receiver r : receivers) total += audio ? r.audioSampled : r.videoSampled;
    long[] out = new long[total];
    int k = 0;
    for (Receiver r : receivers) {
      int n = audio ? r.audioSampled : r.videoSampled;
      System.arraycopy(audio ? r.audio : r.video, 0, out, k, n);
      k += n;
    }
    Arrays.sort(out);
    return out;
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[i] / 1e3;
  }

  private static String line(Result r) {
    return String.format(Locale.ROOT,
        "N=%d connected=%d srtp=%s fwd=%.0f pkt/s delivery=%.4f seq-gaps=%d serverRtpOut=%d | CPU s/100k: media-loop %.3f,"
            + " clients %.3f, dtls %.4f, process %.3f (GC %d ms) | latency us p50 %.0f p99 %.0f max %.0f"
            + " (audio p50 %.0f p99 %.0f, video p50 %.0f p99 %.0f)"
            + " | heap/sub KiB total %.1f server %.1f client %.1f | connect %.0f ms/sub",
        r.subscribers(), r.connected(), r.srtpProfile(), r.forwardedPerSecond(), r.delivery(), r.gaps(),
        r.serverRtpOut(),
        r.per100k(r.mediaLoopCpu()), r.per100k(r.clientCpu()), r.per100k(r.dtlsCpu()), r.per100k(r.processCpu()),
        r.gcMillis(), r.p50Micros(), r.p99Micros(), r.maxMicros(), r.audioP50(), r.audioP99(), r.videoP50(),
        r.videoP99(), r.heapTotalPerSub() / 1024,
        r.heapServerPerSub() / 1024, r.heapClientPerSub() / 1024, r.connectMillisPerSub());
  }

  static String table(List<Result> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("| N | forwarded pkt/s | delivered in window | seq gaps | media-loop CPU s /100k pkts | clients CPU s /100k | process CPU s"
        + " /100k | process - clients /100k | latency p50 µs | p99 µs | heap/sub total KiB | server KiB |"
        + " client KiB |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      sb.append(String.format(Locale.ROOT,
          "| %d | %.0f | %.2f%% | %d | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f | %.1f | %.1f | %.1f |%n", r.subscribers(),
          r.forwardedPerSecond(), 100 * r.delivery(), r.gaps(), r.per100k(r.mediaLoopCpu()), r.per100k(r.clientCpu()),
          r.per100k(r.processCpu()), r.per100k(r.processCpu() - r.clientCpu()), r.p50Micros(), r.p99Micros(),
          r.heapTotalPerSub() / 1024, r.heapServerPerSub() / 1024, r.heapClientPerSub() / 1024));
    }
    return sb.toString();
  }
}
