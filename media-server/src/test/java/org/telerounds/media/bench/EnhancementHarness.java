package org.telerounds.media.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.telerounds.media.audio.ActiveSpeechLevel;
import org.telerounds.media.audio.OpusFrameEncoder;
import org.telerounds.media.audio.Pcm;
import org.telerounds.media.audio.WavFiles;
import org.telerounds.media.enhance.CartEnhancer;
import org.telerounds.media.enhance.EnhancementConfig;
import org.telerounds.media.enhance.EnhancementPipeline;
import org.telerounds.media.enhance.EnhancementPreset;

/**
 * Evaluates voice enhancement over the corpus of tools/corpus/make-ward-corpus.sh and prints the
 * figures of docs/benchmarks.md as Markdown:
 * <ul>
 *   <li>output active speech level (ITU-T P.56) against the preset's target, by input level;</li>
 *   <li>median SI-SDR improvement against clean.wav, by input SNR, for both mics combined and for
 *       the patient mic alone (output aligned to the reference by cross-correlation first);</li>
 *   <li>CPU per enhanced cart (the whole live path: two Opus decoders with jitter buffers, the
 *       pipeline and the Opus encoder, through {@link CartEnhancer#processTick}) as thread CPU
 *       time over audio time, in % of one core;</li>
 *   <li>added latency: jitter-buffer target + the pipeline's measured delay (alignment and
 *       AudioProcessing) + Opus encoder lookahead.</li>
 * </ul>
 * Levels and SI-SDR skip the first {@value #WARMUP_S} s of each sample, while the adaptive gain
 * converges. Args: {@code [corpusDir] [preset] [sampleForPictures outDir]}.
 */
public final class EnhancementHarness {
  static final double WARMUP_S = 2.0;
  private static double lastDelayMs, lastAlignMs;

  record Result(String name, String noise, int level, int snr, double outLevel, double outLevelFull,
      double inSisdr, double sisdr2, double sisdr1, int lagSamples) {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "target/corpus");
    EnhancementConfig config = EnhancementConfig.defaults();
    EnhancementPreset preset = config.preset(args.length > 1 ? args[1] : config.presetName()).orElseThrow();
    List<String> index = Files.readAllLines(corpus.resolve("index.csv"));
    List<Result> results = new ArrayList<>();
    for (String line : index.subList(1, index.size())) {
      String[] f = line.split(",");
      if (System.getProperty("only") != null && !f[0].matches(System.getProperty("only"))) continue;
      Path d = corpus.resolve(f[0]);
      float[] clean = WavFiles.read(d.resolve("clean.wav"));
      float[] patient = WavFiles.read(d.resolve("patient.wav"));
      float[] room = WavFiles.read(d.resolve("room.wav"));
      float[] two = run(preset, config, patient, room);
      double delayMs = lastDelayMs, alignMs = lastAlignMs;
      float[] one = run(preset, config, patient, null);
      int skip = (int) (WARMUP_S * Pcm.SAMPLE_RATE);
      int lag2 = bestLag(clean, two, 2400);
      int lag1 = bestLag(clean, one, 2400);
      results.add(new Result(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
          ActiveSpeechLevel.dbfs(two, skip, two.length, Pcm.SAMPLE_RATE), ActiveSpeechLevel.dbfs(two),
          siSdr(clean, patient, 0, skip), siSdr(clean, two, lag2, skip), siSdr(clean, one, lag1, skip), lag2));
      if (Boolean.getBoolean("verbose")) { // per sample, on stderr: name, true and tracked delay, SI-SDR
        Result r = results.get(results.size() - 1);
        System.err.printf(Locale.ROOT, "%-16s delay true %s ms, estimate %.2f ms, aligned %.2f ms; SI-SDR in %.1f, 2 mics %+.1f, 1 mic %+.1f%n",
            f[0], f.length > 4 ? f[4] : "?", delayMs, alignMs, r.inSisdr(), r.sisdr2() - r.inSisdr(), r.sisdr1() - r.inSisdr());
      }
      if (args.length > 3 && f[0].equals(args[2])) {
        Path out = Path.of(args[3]);
        Files.createDirectories(out);
        WavFiles.write(out.resolve("before.wav"), patient);
        WavFiles.write(out.resolve("after.wav"), two);
      }
    }
    System.out.printf(Locale.ROOT, "## Voice enhancement over the ward corpus (preset %s: NS %s, target %.0f dBFS, max gain %.0f dB)%n%n",
        preset.name(), preset.noiseSuppression().wireName(), preset.targetLevelDbfs(), preset.maxGainDb());
    System.out.printf(Locale.ROOT, "%d samples; levels and SI-SDR after a %.0f s warm-up per sample.%n%n", results.size(), WARMUP_S);
    levelTable(results, preset.targetLevelDbfs());
    sisdrTable(results);
    noiseTable(results);
    cost(preset, config, corpus, index, results);
  }

  static float[] run(EnhancementPreset preset, EnhancementConfig config, float[] p, float[] r) {
    float[] y = new float[p.length / Pcm.FRAME_SAMPLES * Pcm.FRAME_SAMPLES];
    float[] a = new float[Pcm.FRAME_SAMPLES], b = new float[Pcm.FRAME_SAMPLES], o = new float[Pcm.FRAME_SAMPLES];
    try (EnhancementPipeline pipe = new EnhancementPipeline(preset, config.maxMicDelayMs(), config.alarmTonesHz())) {
      for (int off = 0; off + Pcm.FRAME_SAMPLES <= p.length; off += Pcm.FRAME_SAMPLES) {
        System.arraycopy(p, off, a, 0, Pcm.FRAME_SAMPLES);
        if (r != null) System.arraycopy(r, off, b, 0, Pcm.FRAME_SAMPLES);
        pipe.process(a, r == null ? null : b, o);
        System.arraycopy(o, 0, y, off, Pcm.FRAME_SAMPLES);
      }
      lastDelayMs = pipe.micDelayMs();
      lastAlignMs = pipe.alignmentDelaySamples() * 1000.0 / Pcm.SAMPLE_RATE;
    }
    return y;
  }

  /** The lag (0..max samples) by which {@code y} trails {@code s}, by cross-correlation. */
  static int bestLag(float[] s, float[] y, int max) {
    int best = 0;
    double bestV = -Double.MAX_VALUE;
    int from = (int) (WARMUP_S * Pcm.SAMPLE_RATE);
    int n = Math.min(Math.min(s.length, y.length) - max, from + 4 * Pcm.SAMPLE_RATE);
    for (int lag = 0; lag <= max; lag++) {
      double c = 0;
      for (int i = from; i < n; i++) c += (double) s[i] * y[i + lag];
      if (c > bestV) { bestV = c; best = lag; }
    }
    return best;
  }

  /** Scale-invariant SDR (dB) of {@code y} shifted back by {@code lag}, against {@code s}, from {@code from}. */
  static double siSdr(float[] s, float[] y, int lag, int from) {
    int n = Math.min(s.length, y.length - lag);
    double sy = 0, ss = 0;
    for (int i = from; i < n; i++) { sy += (double) s[i] * y[i + lag]; ss += (double) s[i] * s[i]; }
    double a = sy / ss, t = 0, e = 0;
    for (int i = from; i < n; i++) {
      double st = a * s[i], d = y[i + lag] - st;
      t += st * st; e += d * d;
    }
    return 10 * Math.log10(t / e);
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  static void levelTable(List<Result> rs, double target) {
    System.out.printf(Locale.ROOT, "### Output active speech level vs target %.0f dBFS (goal: within ±3 dB)%n%n", target);
    System.out.println("| input level (dBFS) | median output (dBFS) | median error (dB) | worst error (dB) | within ±3 dB | median output, whole file incl. warm-up |");
    System.out.println("|---|---|---|---|---|---|");
    Map<Integer, List<Result>> by = new TreeMap<>();
    for (Result r : rs) by.computeIfAbsent(r.level(), k -> new ArrayList<>()).add(r);
    for (var e : by.entrySet()) {
      List<Double> out = e.getValue().stream().map(Result::outLevel).toList();
      double worst = out.stream().mapToDouble(x -> x - target).reduce(0, (a, b) -> Math.abs(b) > Math.abs(a) ? b : a);
      long ok = out.stream().filter(x -> Math.abs(x - target) <= 3).count();
      System.out.printf(Locale.ROOT, "| %d | %.1f | %+.1f | %+.1f | %d/%d | %.1f |%n", e.getKey(), median(out),
          median(out) - target, worst, ok, out.size(), median(e.getValue().stream().map(Result::outLevelFull).toList()));
    }
    System.out.println();
  }

  static void sisdrTable(List<Result> rs) {
    System.out.println("### Median SI-SDR improvement vs clean reference, by input SNR (goal: ≥ 6 dB at 0 dB)");
    System.out.println();
    System.out.println("| input SNR (dB) | median input SI-SDR (dB) | improvement, 2 mics combined (dB) | improvement, patient mic only (dB) | 2 mics − 1 mic (dB) |");
    System.out.println("|---|---|---|---|---|");
    Map<Integer, List<Result>> by = new TreeMap<>();
    for (Result r : rs) by.computeIfAbsent(r.snr(), k -> new ArrayList<>()).add(r);
    for (var e : by.entrySet()) {
      List<Result> v = e.getValue();
      double two = median(v.stream().map(r -> r.sisdr2() - r.inSisdr()).toList());
      double one = median(v.stream().map(r -> r.sisdr1() - r.inSisdr()).toList());
      System.out.printf(Locale.ROOT, "| %d | %.1f | %+.1f | %+.1f | %+.1f |%n", e.getKey(),
          median(v.stream().map(Result::inSisdr).toList()), two, one,
          median(v.stream().map(r -> r.sisdr2() - r.sisdr1()).toList()));
    }
    System.out.println();
  }

  static void noiseTable(List<Result> rs) {
    System.out.println("### Median SI-SDR improvement by noise type (all levels and SNRs)");
    System.out.println();
    System.out.println("| noise | 2 mics (dB) | patient mic only (dB) |");
    System.out.println("|---|---|---|");
    Map<String, List<Result>> by = new TreeMap<>();
    for (Result r : rs) by.computeIfAbsent(r.noise(), k -> new ArrayList<>()).add(r);
    for (var e : by.entrySet()) {
      System.out.printf(Locale.ROOT, "| %s | %+.1f | %+.1f |%n", e.getKey(),
          median(e.getValue().stream().map(r -> r.sisdr2() - r.inSisdr()).toList()),
          median(e.getValue().stream().map(r -> r.sisdr1() - r.inSisdr()).toList()));
    }
    System.out.println();
  }

  static void cost(EnhancementPreset preset, EnhancementConfig config, Path corpus, List<String> index,
      List<Result> rs) throws Exception {
    // Opus-encode a few samples as a cart would send them (not measured)
    List<byte[]> pkP = new ArrayList<>(), pkR = new ArrayList<>();
    for (String line : index.subList(1, Math.min(index.size(), 13))) {
      Path d = corpus.resolve(line.split(",")[0]);
      encode(WavFiles.read(d.resolve("patient.wav")), pkP);
      encode(WavFiles.read(d.resolve("room.wav")), pkR);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] sink = new long[1];
    double cpuPct = 0;
    long addedMs;
    try (CartEnhancer e = new CartEnhancer(preset, config, Clock.systemUTC(), null, f -> sink[0] += f.payload().length)) {
      int n = Math.min(pkP.size(), pkR.size());
      for (int round = 0; round < 3; round++) { // round 0 and 1 warm the JIT up
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          int seq = round * n + i;
          e.onPacket("mic:patient", pkP.get(i), 0, pkP.get(i).length, seq, 960L * seq);
          e.onPacket("mic:room", pkR.get(i), 0, pkR.get(i).length, seq, 960L * seq);
          e.processTick();
        }
        cpuPct = 100.0 * (mx.getCurrentThreadCpuTime() - t0) / (n * 20e6);
      }
      addedMs = 0;
    }
    double lookaheadMs;
    try (OpusFrameEncoder enc = new OpusFrameEncoder(config.opusBitrateBps(), config.opusComplexity(), config.opusLibrary())) {
      lookaheadMs = enc.lookaheadSamples() * 1000.0 / Pcm.SAMPLE_RATE;
    }
    double pipeMs = median(rs.stream().map(r -> r.lagSamples() * 1000.0 / Pcm.SAMPLE_RATE).toList());
    double maxPipeMs = rs.stream().mapToDouble(r -> r.lagSamples() * 1000.0 / Pcm.SAMPLE_RATE).max().orElse(0);
    double jitterMs = config.jitterFrames() * 20.0;
    System.out.println("### Cost per enhanced cart");
    System.out.println();
    System.out.printf(Locale.ROOT, "- CPU: **%.2f%% of one core** (thread CPU time of the live path — 2 Opus decodes with jitter"
        + " buffers, pipeline, 1 Opus encode at complexity %d; Opus by %s — over %.0f s of audio, after two warm-up passes)%n",
        cpuPct, config.opusComplexity(), config.opusLibrary().usesNative() ? "native libopus" : "Concentus", Math.min(pkP.size(), pkR.size()) * 0.02);
    System.out.printf(Locale.ROOT, "- Added algorithmic latency: **%.1f ms** median (max %.1f ms) = jitter-buffer target %.0f ms"
        + " + pipeline delay %.1f ms median (max %.1f ms; alignment of the earlier mic plus AudioProcessing, measured"
        + " by cross-correlating output with the clean reference) + Opus encoder lookahead %.1f ms. Not included:"
        + " the wait for the next 20 ms tick (0–20 ms, mean 10 ms), which depends on packet arrival phase.%n",
        jitterMs + pipeMs + lookaheadMs, jitterMs + maxPipeMs + lookaheadMs, jitterMs, pipeMs, maxPipeMs, lookaheadMs);
    System.out.println();
    if (addedMs < 0) System.out.println(sink[0]);
  }

  private static void encode(float[] pcm, List<byte[]> into) {
    try (OpusFrameEncoder enc = new OpusFrameEncoder(32000, 5)) {
      float[] f = new float[Pcm.FRAME_SAMPLES];
      for (int off = 0; off + Pcm.FRAME_SAMPLES <= pcm.length; off += Pcm.FRAME_SAMPLES) {
        System.arraycopy(pcm, off, f, 0, Pcm.FRAME_SAMPLES);
        into.add(enc.encode(f));
      }
    }
  }

  static double[] unused() { return Arrays.copyOf(new double[0], 0); }
}
