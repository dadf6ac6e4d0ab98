package org.telerounds.media.enhance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.telerounds.media.audio.OpusFrameEncoder;
import org.telerounds.media.audio.OpusLibrary;
import org.telerounds.media.audio.OpusStreamDecoder;
import org.telerounds.media.audio.Pcm;
import org.telerounds.media.audio.WavFiles;

/**
 * Where the live path's CPU goes, stage by stage, in % of one core per cart (thread CPU time over
 * audio time, third pass of three over the first 12 corpus samples). Args: {@code corpusDir}.
 * Run: {@code mvn -o -B -q test-compile exec:exec@enhance-cost -Dcost.args=target/corpus}.
 */
public final class CostBreakdown {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private static final int N = Pcm.FRAME_SAMPLES;

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "target/corpus");
    List<String> index = Files.readAllLines(corpus.resolve("index.csv"));
    List<float[]> fp = new ArrayList<>(), fr = new ArrayList<>();
    for (String line : index.subList(1, Math.min(index.size(), 13))) {
      Path d = corpus.resolve(line.split(",")[0]);
      frames(WavFiles.read(d.resolve("patient.wav")), fp);
      frames(WavFiles.read(d.resolve("room.wav")), fr);
    }
    int n = Math.min(fp.size(), fr.size());
    double audioS = n * 0.02;
    EnhancementConfig cfg = EnhancementConfig.defaults();
    for (OpusLibrary lib : OpusLibrary.values()) {
      List<byte[]> pk = new ArrayList<>();
      double enc = time(3, () -> {
        pk.clear();
        try (OpusFrameEncoder e = new OpusFrameEncoder(cfg.opusBitrateBps(), cfg.opusComplexity(), lib)) {
          for (int i = 0; i < n; i++) pk.add(e.encode(fp.get(i)));
        }
      });
      float[] out = new float[N];
      double dec = time(3, () -> {
        try (OpusStreamDecoder d = new OpusStreamDecoder(1, 10, lib)) {
          for (int i = 0; i < n; i++) { d.offer(i, pk.get(i)); d.nextFrame(out); }
        }
      });
      print(lib.wireName() + (lib.usesNative() ? " (native)" : "") + ": Opus encode, complexity " + cfg.opusComplexity(), enc, audioS);
      print(lib.wireName() + (lib.usesNative() ? " (native)" : "") + ": Opus decode with jitter buffer, one mic", dec, audioS);
    }
    float[] a = new float[N];
    print("DelayEstimator (GCC-PHAT)", time(3, () -> {
      DelayEstimator d = new DelayEstimator(480, 4, 0.8);
      for (int i = 0; i < n; i++) d.push(fp.get(i), fr.get(i), N);
    }), audioS);
    print("AlarmToneNotch (1 tone)", time(3, () -> {
      AlarmToneNotch t = new AlarmToneNotch(new double[] {1000}, Pcm.SAMPLE_RATE);
      for (int i = 0; i < n; i++) { System.arraycopy(fp.get(i), 0, a, 0, N); t.process(a, N); }
    }), audioS);
    print("ApmStage (WebRTC HPF + NS + AGC2)", time(3, () -> {
      try (ApmStage s = new ApmStage(cfg.defaultPreset())) {
        for (int i = 0; i < n; i++) { System.arraycopy(fp.get(i), 0, a, 0, N); s.process(a); }
      }
    }), audioS);
    print("EnhancementPipeline (all of the above but Opus)", time(3, () -> {
      try (EnhancementPipeline p = new EnhancementPipeline(cfg.defaultPreset(), cfg.maxMicDelayMs(), cfg.alarmTonesHz())) {
        for (int i = 0; i < n; i++) p.process(fp.get(i), fr.get(i), a);
      }
    }), audioS);
  }

  private static void frames(float[] x, List<float[]> into) {
    for (int off = 0; off + N <= x.length; off += N) into.add(java.util.Arrays.copyOfRange(x, off, off + N));
  }

  private static double time(int passes, Runnable r) {
    long t = 0;
    for (int i = 0; i < passes; i++) {
      long t0 = MX.getCurrentThreadCpuTime();
      r.run();
      t = MX.getCurrentThreadCpuTime() - t0;
    }
    return t / 1e9;
  }

  private static void print(String what, double cpuS, double audioS) {
    System.out.printf(Locale.ROOT, "| %s | %.2f%% |%n", what, 100 * cpuS / audioS);
  }
}
