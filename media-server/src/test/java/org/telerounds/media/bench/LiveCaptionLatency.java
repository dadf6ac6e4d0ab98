package org.telerounds.media.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.telerounds.media.transcribe.Caption;
import org.telerounds.media.transcribe.Speaker;
import org.telerounds.media.transcribe.TranscriptionConfig;
import org.telerounds.media.transcribe.TranscriptionService;
import org.telerounds.media.transcribe.TranscriptionStream;
import org.telerounds.media.transcribe.WavReader;

/**
 * Live caption latency through the real {@link TranscriptionService} (PocketSphinx, reference.conf
 * settings): N speakers each play clean corpus sentences in real time, as 20 ms 48 kHz chunks from a
 * media-like timer thread; prints, per final, end of sentence (last chunk holding speech handed
 * over) to caption.final, and speech onset to first caption.partial.
 *
 * <pre>java ... LiveCaptionLatency CORPUS_DIR [streams] [sentences]</pre>
 */
public final class LiveCaptionLatency {
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "target/clinical-corpus");
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int sentences = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    var config = TranscriptionConfig.from(com.typesafe.config.ConfigFactory.parseString(
        "telerounds.transcription.enabled = true").withFallback(com.typesafe.config.ConfigFactory.defaultReference()).resolve());
    Map<String, String> refs = new LinkedHashMap<>();
    for (String line : Files.readAllLines(corpus.resolve("references.tsv"))) {
      refs.put(line.split("\t")[0], line.split("\t")[1]);
    }
    List<short[]> clips = new ArrayList<>();
    List<long[]> speechSpans = new ArrayList<>(); // [onsetMs, endMs] within each clip (files are 0.5 s + speech + 1 s)
    for (String id : refs.keySet().stream().limit(sentences).toList()) {
      short[] pcm16 = WavReader.read16kMono(corpus.resolve("clean").resolve(id + ".wav"));
      short[] pcm48 = new short[pcm16.length * 3];
      for (int i = 0; i < pcm48.length; i++) {
        pcm48[i] = pcm16[i / 3]; // sample-and-hold up to 48 kHz: the downsampler's filter removes the images
      }
      clips.add(pcm48);
      speechSpans.add(new long[] {500, pcm16.length / 16 - 1000});
    }
    List<Long> finalLat = Collections.synchronizedList(new ArrayList<>());
    List<Long> partialLat = Collections.synchronizedList(new ArrayList<>());
    var firstSeen = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
    try (var service = new TranscriptionService(config, new SimpleMeterRegistry(), Clock.systemUTC())) {
      var t = service.forRoom("bench", "bench");
      t.availability().get();
      ScheduledExecutorService media = Executors.newScheduledThreadPool(1);
      long t0 = System.nanoTime();
      List<TranscriptionStream> ss = new ArrayList<>();
      List<long[]> clipStartMs = new ArrayList<>(); // wall ms (since t0) at which each clip starts, same for all streams
      long at = 0;
      for (short[] c : clips) {
        clipStartMs.add(new long[] {at});
        at += c.length / 48;
      }
      for (int s = 0; s < streams; s++) {
        ss.add(t.open(new Speaker("s" + s, "expert", "S" + s), c -> {
          long now = (System.nanoTime() - t0) / 1_000_000;
          int clip = (int) (c.utterance() - 1);
          if (clip >= clips.size()) {
            return;
          }
          long base = clipStartMs.get(clip)[0];
          if (c.isFinal()) {
            finalLat.add(now - (base + speechSpans.get(clip)[1]));
          } else if (c.kind() == Caption.Kind.PARTIAL && firstSeen.add(c.speaker().participantId() + "/" + clip)) {
            partialLat.add(now - (base + speechSpans.get(clip)[0]));
          }
        }));
      }
      short[] all = new short[(int) (at * 48)];
      int o = 0;
      for (short[] c : clips) {
        System.arraycopy(c, 0, all, o, c.length);
        o += c.length;
      }
      long[] pos = {0};
      var done = new java.util.concurrent.CountDownLatch(1);
      media.scheduleAtFixedRate(() -> {
        if (pos[0] + 960 > all.length) {
          done.countDown();
          return;
        }
        for (TranscriptionStream s : ss) {
          s.accept48k(all, (int) pos[0], 960, pos[0] / 48);
        }
        pos[0] += 960;
      }, 0, 20, TimeUnit.MILLISECONDS);
      done.await();
      media.shutdownNow();
      Thread.sleep(2000);
    }
    Collections.sort(finalLat);
    System.out.printf(Locale.ROOT, "streams %d, sentences %d: end of sentence -> final: %s ms%n", streams, sentences, finalLat);
    System.out.printf(Locale.ROOT, "  (includes the %d ms trailing silence the segmenter waits for)%n",
        config.trailingSilence().toMillis());
    Collections.sort(partialLat);
    System.out.printf(Locale.ROOT, "  speech onset -> first partial: %s ms%n", partialLat);
  }
}
