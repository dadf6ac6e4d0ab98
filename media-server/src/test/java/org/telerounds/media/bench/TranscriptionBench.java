package org.telerounds.media.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.telerounds.media.transcribe.Caption;
import org.telerounds.media.transcribe.Speaker;
import org.telerounds.media.transcribe.SpeakerPipeline;
import org.telerounds.media.transcribe.TranscriptionConfig;
import org.telerounds.media.transcribe.TranscriptionMetrics;
import org.telerounds.media.transcribe.WavReader;
import org.telerounds.media.transcribe.WordErrorRate;
import org.telerounds.media.transcribe.engine.EngineDecoder;
import org.telerounds.media.transcribe.engine.EngineSettings;
import org.telerounds.media.transcribe.engine.EngineUnavailableException;
import org.telerounds.media.transcribe.engine.Hypothesis;
import org.telerounds.media.transcribe.engine.SpeechEngine;
import org.telerounds.media.transcribe.engine.SpeechEngines;

/**
 * Transcription figures on the generated clinical corpus (tools/corpus/make-clinical-sentences.sh):
 * WER of finals per engine and condition, through the same {@link SpeakerPipeline} as the live
 * feed (reference.conf segmentation, partials every 500 ms); real-time factor from thread CPU time;
 * the cost of ending an utterance (what a final waits for after the trailing silence); and
 * concurrent streams per core, measured by running N streams in parallel.
 *
 * <pre>java ... TranscriptionBench CORPUS_DIR [--vosk-model DIR] [--parallel 1,2|none] [--conditions clean,snr20,...]
 *     [--one-speaker]</pre>
 * {@code --one-speaker} feeds each condition's sentences through one pipeline, as one speaker in a
 * round (1 s apart), instead of one pipeline per sentence.
 * Conditions are subdirectories of the corpus; {@code tools/corpus/enhance-corpus.sh} adds
 * {@code snrNN-enhanced} (the noisy files through the live enhancement pipeline).
 */
public final class TranscriptionBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  record FileResult(int errors, int words, long audioSamples, long cpuNanos, List<Long> endNanos, int finals) {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "target/clinical-corpus");
    String voskModel = "";
    int[] parallel = {1, 2};
    List<String> conditions = List.of("clean", "snr20", "snr10", "snr0", "espeak");
    boolean oneSpeaker = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--vosk-model")) {
        voskModel = args[++i];
      } else if (args[i].equals("--one-speaker")) {
        oneSpeaker = true;
      } else if (args[i].equals("--conditions")) {
        conditions = List.of(args[++i].split(","));
      } else if (args[i].equals("--parallel")) {
        String v = args[++i];
        parallel = v.equals("none") ? new int[0] : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
      }
    }
    Map<String, String> refs = new LinkedHashMap<>();
    for (String line : Files.readAllLines(corpus.resolve("references.tsv"))) {
      String[] p = line.split("\t", 2);
      refs.put(p[0], p[1]);
    }
    var config = TranscriptionConfig.from(com.typesafe.config.ConfigFactory.defaultReference());
    System.out.printf(Locale.ROOT, "corpus %s: %d sentences; cores %d; %s%n", corpus, refs.size(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
    List<EngineSettings> engines = List.of(
        new EngineSettings("pocketsphinx", Path.of("/usr/share/pocketsphinx/model/en-us"), "en-us", "pocketsphinx.model-dir"),
        new EngineSettings("vosk", Path.of(voskModel), "en-us", "--vosk-model"));
    for (EngineSettings es : engines) {
      SpeechEngine engine;
      try {
        engine = SpeechEngines.load(es);
      } catch (EngineUnavailableException e) {
        System.out.printf("%n## %s: unavailable: %s%n", es.engine(), e.getMessage());
        continue;
      }
      try (engine) {
        System.out.printf("%n## %s%n%n| condition | sentences | ref words | WER | RTF (CPU) | end-of-utterance p50 / max (ms) |%n"
            + "|---|---|---|---|---|---|%n", es.engine());
        for (String cond : conditions) {
          Path dir = corpus.resolve(cond);
          if (!Files.isDirectory(dir)) {
            continue;
          }
          int errors = 0;
          int words = 0;
          long samples = 0;
          long cpu = 0;
          List<Long> ends = new ArrayList<>();
          List<FileResult> results = oneSpeaker ? runOneSpeaker(engine, config, dir, refs) : new ArrayList<>();
          if (!oneSpeaker) {
            for (var e : refs.entrySet()) results.add(run(engine, config, dir.resolve(e.getKey() + ".wav"), e.getValue()));
          }
          for (FileResult r : results) {
            errors += r.errors;
            words += r.words;
            samples += r.audioSamples;
            cpu += r.cpuNanos;
            ends.addAll(r.endNanos);
          }
          ends.sort(null);
          System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f%% | %.3f | %.0f / %.0f |%n", cond, refs.size(), words,
              100.0 * errors / words, cpu / 1e9 / (samples / 16000.0),
              ends.isEmpty() ? 0 : ends.get(ends.size() / 2) / 1e6, ends.isEmpty() ? 0 : ends.get(ends.size() - 1) / 1e6);
        }
        System.out.printf("%nConcurrent streams (%s, clean corpus, each stream decodes the whole corpus as fast as it can):%n%n"
            + "| streams in parallel | audio s decoded per wall s | per stream: RTF (wall) |%n|---|---|---|%n", es.engine());
        for (int n : parallel) {
          parallelRun(engine, config, corpus.resolve("clean"), refs, n);
        }
      }
    }
  }

  static FileResult run(SpeechEngine engine, TranscriptionConfig config, Path wav, String ref) throws Exception {
    short[] pcm = WavReader.read16kMono(wav);
    List<Caption> finals = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    long cpu0 = CPU.getCurrentThreadCpuTime();
    try (var p = new SpeakerPipeline(new Speaker("bench", "file", wav.getFileName().toString()),
        timed(engine.newDecoder(), ends), config.newSegmenter(), config.partialIntervalFrames(),
        c -> { if (c.isFinal()) finals.add(c); }, TranscriptionMetrics.discard(), Clock.systemUTC())) {
      for (int i = 0; i < pcm.length; i += 320) {
        p.process(pcm, i, Math.min(320, pcm.length - i), i / 16, 0, true);
      }
    }
    long cpu = CPU.getCurrentThreadCpuTime() - cpu0;
    String hyp = String.join(" ", finals.stream().map(Caption::text).toList());
    return new FileResult(WordErrorRate.errors(ref, hyp), WordErrorRate.words(ref).length, pcm.length, cpu, ends,
        finals.size());
  }

  /**
   * The whole condition as one speaker talking: every sentence through one pipeline, 1 s of silence
   * between them (a live round's speaker, whose earlier utterances tell the pipeline its level);
   * each final goes to the sentence it starts in. The CPU figure is the whole run's, on the first.
   */
  static List<FileResult> runOneSpeaker(SpeechEngine engine, TranscriptionConfig config, Path dir,
      Map<String, String> refs) throws Exception {
    List<Caption> finals = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    List<long[]> ranges = new ArrayList<>();
    long at = 0;
    long samples = 0;
    long cpu0 = CPU.getCurrentThreadCpuTime();
    try (var p = new SpeakerPipeline(new Speaker("bench", "file", dir.getFileName().toString()),
        timed(engine.newDecoder(), ends), config.newSegmenter(), config.partialIntervalFrames(),
        c -> { if (c.isFinal()) finals.add(c); }, TranscriptionMetrics.discard(), Clock.systemUTC())) {
      short[] gap = new short[16_000];
      for (var e : refs.entrySet()) {
        short[] pcm = WavReader.read16kMono(dir.resolve(e.getKey() + ".wav"));
        long start = at;
        for (int i = 0; i < pcm.length; i += 320) p.process(pcm, i, Math.min(320, pcm.length - i), (at + i) / 16, 0, true);
        at += pcm.length;
        for (int i = 0; i < gap.length; i += 320) p.process(gap, i, 320, (at + i) / 16, 0, true);
        at += gap.length;
        ranges.add(new long[] {start / 16, at / 16});
        samples += pcm.length;
      }
    }
    long cpu = CPU.getCurrentThreadCpuTime() - cpu0;
    List<FileResult> out = new ArrayList<>();
    int k = 0;
    for (var e : refs.entrySet()) {
      long[] r = ranges.get(k);
      String hyp = String.join(" ", finals.stream().filter(c -> c.startMillis() >= r[0] && c.startMillis() < r[1])
          .map(Caption::text).toList());
      out.add(new FileResult(WordErrorRate.errors(e.getValue(), hyp), WordErrorRate.words(e.getValue()).length,
          k == 0 ? samples : 0, k == 0 ? cpu : 0, k == 0 ? ends : List.of(), 0));
      k++;
    }
    return out;
  }

  /** Decoder creation is excluded from the CPU figure by wrapping; end-of-utterance time is recorded. */
  static EngineDecoder timed(EngineDecoder d, List<Long> ends) {
    return new EngineDecoder() {
      @Override
      public void startUtterance() {
        d.startUtterance();
      }

      @Override
      public void accept(short[] pcm, int off, int len) {
        d.accept(pcm, off, len);
      }

      @Override
      public String partial() {
        return d.partial();
      }

      @Override
      public Hypothesis endUtterance() {
        long t0 = System.nanoTime();
        Hypothesis h = d.endUtterance();
        ends.add(System.nanoTime() - t0);
        return h;
      }

      @Override
      public void close() {
        d.close();
      }
    };
  }

  static void parallelRun(SpeechEngine engine, TranscriptionConfig config, Path dir, Map<String, String> refs, int n)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    AtomicLong samples = new AtomicLong();
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      fs.add(pool.submit(() -> {
        for (var e : refs.entrySet()) {
          samples.addAndGet(run(engine, config, dir.resolve(e.getKey() + ".wav"), e.getValue()).audioSamples);
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    double wall = (System.nanoTime() - t0) / 1e9;
    double audio = samples.get() / 16000.0;
    System.out.printf(Locale.ROOT, "| %d | %.1f | %.3f |%n", n, audio / wall, wall / (audio / n));
  }
}
