package org.telerounds.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.media.testing.LoopbackSfu;
import org.telerounds.media.testing.WebRtcTestClient;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.recorder.store.ObjectStore;

/**
 * The soak (issue 16, docs/benchmarks.md "Soak"): rooms of one publisher (real Opus + VP8, looped)
 * and N subscribers, every one a {@link WebRtcTestClient} over loopback to an in-process SFU, with
 * every round recorded into the embedded S3 store, for a fixed time. Every interval it prints heap,
 * heap after GC, RSS, threads, open file descriptors and packet counters. At the end it ends the
 * rounds, waits for their manifests and counts the stored Opus packets and VP8 frames of every
 * track against what the publisher sent. Exits non-zero when the process was not flat after
 * warm-up ({@link SoakSampler#verdict}) or any recording lost media. Options (system properties):
 *
 * <pre>
 * soak.rooms (50)  soak.subscribers (3)  soak.seconds (600)  soak.sample-seconds (30)
 * soak.warmup-seconds (min(120, seconds/4))  soak.tolerance (0.2)  soak.video-size (640x360)
 * soak.video-bitrate (500k)  soak.clip-seconds (12)  soak.composite (false)  soak.finish-minutes (20)
 * </pre>
 *
 * {@code mvn -o -pl recorder -am test-compile exec:exec@soak -Dexec.executable=true -Dsoak.args="-Dsoak.rooms=50"}
 */
public final class Soak {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Soak() {}

  static int intProp(String k, int d) { return Integer.parseInt(System.getProperty(k, String.valueOf(d))); }

  public static void main(String[] args) throws Exception {
    int rooms = intProp("soak.rooms", 50);
    int subscribers = intProp("soak.subscribers", 3);
    int seconds = intProp("soak.seconds", 600);
    int every = intProp("soak.sample-seconds", 30);
    int warmup = intProp("soak.warmup-seconds", Math.min(120, seconds / 4));
    double tolerance = Double.parseDouble(System.getProperty("soak.tolerance", "0.2"));
    String size = System.getProperty("soak.video-size", "640x360");
    String bitrate = System.getProperty("soak.video-bitrate", "500k");
    int clip = intProp("soak.clip-seconds", 12);
    boolean composite = Boolean.parseBoolean(System.getProperty("soak.composite", "false"));
    int finishMinutes = intProp("soak.finish-minutes", 20);
    quiet("media", "recorder", "org.telerounds");
    System.out.printf(Locale.ROOT, "soak: %d rooms x (1 publisher Opus + VP8 %s %s, %d subscribers), %d s, sample"
        + " every %d s, warm-up %d s, tolerance %.0f%%, %d cores%n", rooms, size, bitrate, subscribers, seconds, every,
        warmup, tolerance * 100, Runtime.getRuntime().availableProcessors());
    Path dir = Files.createTempDirectory("soak");
    List<String> problems = new ArrayList<>();
    try {
      run(dir, rooms, subscribers, seconds, every, warmup, tolerance, size, bitrate, clip, composite, finishMinutes,
          problems);
    } catch (Exception e) {
      problems.add("the soak itself failed: " + e);
      e.printStackTrace();
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.println(problems.isEmpty() ? "VERDICT: PASS (flat after warm-up, no loss in the recordings)"
        : "VERDICT: FAIL\n  " + String.join("\n  ", problems));
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  static void run(Path dir, int rooms, int subscribers, int seconds, int every, int warmup, double tolerance,
      String size, String bitrate, int clip, boolean composite, int finishMinutes, List<String> problems)
      throws Exception {
    SoakPump.Clip audio = SoakPump.Clip.of(TestMedia.opus(dir, clip, 1), 960, 48000);
    SoakPump.Clip video = SoakPump.Clip.of(TestMedia.vp8(dir, clip, 2, size, bitrate), 6000, 90000);
    SimpleMeterRegistry recReg = new SimpleMeterRegistry();
    AtomicLong toRecorder = new AtomicLong();
    Map<String, SoakPump.Sender> byPublisher = new HashMap<>();
    List<LoopbackSfu.Peer> subs = new ArrayList<>();
    SoakPump pump = new SoakPump();
    try (Recorder recorder = Recorder.start(RecorderLoad.config(dir.resolve("rec"), composite), Clock.systemUTC(),
        recReg); LoopbackSfu sfu = new LoopbackSfu()) {
      sfu.server().addTap(new PacketTap() {
        @Override
        public void onRtp(TrackInfo t, byte[] b, int off, int len, long at) {
          toRecorder.incrementAndGet();
          recorder.onRtp(t, b, off, len, at);
        }

        @Override
        public void onTrackEnded(TrackInfo t) {
          recorder.onTrackEnded(t);
        }
      });
      long setup0 = System.nanoTime();
      for (int r = 0; r < rooms; r++) {
        String room = String.format(Locale.ROOT, "soak-%03d", r);
        recorder.roundStarted(RoundInfo.ofRoom(room));
        LoopbackSfu.Peer pub = sfu.publish(room, room + "-pub", WebRtcTestClient.options());
        SoakPump.Sender s = new SoakPump.Sender(pub.client(), (r * 37L % 1000) * 1_000_000L, audio, video);
        byPublisher.put(room + "-pub", s);
        pump.add(s);
        for (int k = 0; k < subscribers; k++) subs.add(sfu.subscribe(room, room + "-sub" + k, WebRtcTestClient.options()));
      }
      System.out.printf(Locale.ROOT, "set up %d rooms (%d transports) in %.1f s%n", rooms, rooms * (1 + subscribers),
          (System.nanoTime() - setup0) / 1e9);
      Counter drops = recReg.find("telerounds_recorder_drops").tag("what", "packet").counter();
      SoakSampler sampler = new SoakSampler(() -> (long) sfu.counter("telerounds.media.packets.out", "type", "rtp"),
          toRecorder::get, () -> drops == null ? 0 : (long) drops.count());
      pump.start();
      long t0 = System.nanoTime();
      System.out.println(SoakSampler.HEADER);
      for (long at = 0; at <= seconds; at += every) {
        long wait = t0 + at * 1_000_000_000L - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000L);
        System.out.println(sampler.sample(at).row());
      }
      pump.close();
      Thread.sleep(1500); // the last packets through the SFU and the recorder's reorder buffer
      List<String> verdict = sampler.verdict(warmup, tolerance, problems);
      subscriberLoss(pump, subs, subscribers, problems);
      for (int r = 0; r < rooms; r++) recorder.roundEnded(String.format(Locale.ROOT, "soak-%03d", r));
      for (LoopbackSfu.Peer p : subs) p.close();
      checkRecordings(recorder.store(), byPublisher, rooms, finishMinutes, problems);
      verdict.forEach(v -> System.out.println("flat: " + v));
      System.out.printf(Locale.ROOT, "recorder drops: %.0f packets%n", drops == null ? 0 : drops.count());
      if (drops != null && drops.count() > 0) problems.add("the recorder dropped " + (long) drops.count() + " packets");
      recorder.shutdown(java.time.Duration.ofSeconds(30));
    } finally {
      pump.close();
    }
  }

  /** Forwarding loss, reported; a subscriber that got nothing is a failure. */
  static void subscriberLoss(SoakPump pump, List<LoopbackSfu.Peer> subs, int perRoom, List<String> problems) {
    long sent = 0;
    long received = 0;
    for (int i = 0; i < subs.size(); i++) {
      SoakPump.Sender s = pump.senders().get(i / perRoom);
      long expected = s.audioSent() + s.videoPacketsSent();
      long got = subs.get(i).client().rtpReceived();
      sent += expected;
      received += got;
      if (got == 0) problems.add(subs.get(i).client().name() + " received nothing");
    }
    long errors = pump.senders().stream().mapToLong(s -> s.errors).sum();
    System.out.printf(Locale.ROOT, "forwarded: subscribers received %d of %d RTP packets (%.3f%% missing); %d send"
        + " errors%n", received, sent, sent == 0 ? 0 : 100.0 * (sent - received) / sent, errors);
  }

  /** Every round's manifest, and in it every track's stored media against what was sent. */
  static void checkRecordings(ObjectStore store, Map<String, SoakPump.Sender> byPublisher, int rooms, int minutes,
      List<String> problems) throws Exception {
    long deadline = System.nanoTime() + minutes * 60_000_000_000L;
    long f0 = System.nanoTime();
    List<String> manifests = List.of();
    while (System.nanoTime() < deadline) {
      manifests = store.list("rounds/").stream().map(ObjectStore.Entry::key)
          .filter(k -> k.endsWith("/manifest.json")).toList();
      if (manifests.size() >= rooms) break;
      Thread.sleep(1000);
    }
    System.out.printf(Locale.ROOT, "%d of %d manifests in the store %.0f s after the rounds ended%n", manifests.size(),
        rooms, (System.nanoTime() - f0) / 1e9);
    if (manifests.size() < rooms) problems.add((rooms - manifests.size()) + " rounds have no manifest");
    long[] totals = new long[4]; // audio sent, audio stored, frames sent, frames stored
    for (String key : manifests) {
      JsonNode m = JSON.readTree(store.get(key));
      if (!m.path("status").asText().equals("complete")) problems.add(key + ": status " + m.path("status").asText());
      int tracks = 0;
      for (JsonNode t : m.path("tracks")) {
        SoakPump.Sender s = byPublisher.get(t.path("participantId").asText());
        if (s == null) continue;
        tracks++;
        boolean isAudio = t.path("kind").asText().equals("audio");
        long sent = isAudio ? s.audioSent() : s.videoFramesSent();
        long stored = RecordingCount.units(store, t);
        totals[isAudio ? 0 : 2] += sent;
        totals[isAudio ? 1 : 3] += stored;
        if (stored != sent || RecordingCount.gaps(m, t) > 0) {
          problems.add(String.format(Locale.ROOT, "%s %s: %d sent, %d stored, %d gaps", t.path("participantId").asText(),
              t.path("kind").asText(), sent, stored, RecordingCount.gaps(m, t)));
        }
      }
      if (tracks != 2) problems.add(key + ": " + tracks + " tracks of a publisher, expected 2");
    }
    System.out.printf(Locale.ROOT, "recordings: Opus packets %d sent, %d stored; VP8 frames %d sent, %d stored%n",
        totals[0], totals[1], totals[2], totals[3]);
  }

  private static void quiet(String... loggers) {
    for (String name : loggers) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }
}
