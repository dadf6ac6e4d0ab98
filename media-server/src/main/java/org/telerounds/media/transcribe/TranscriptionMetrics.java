package org.telerounds.media.transcribe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every transcription metric, with help text. Labels are low-cardinality: engine name and drop
 * kind only, never room, participant or text.
 */
public final class TranscriptionMetrics {
  /**
   * What was dropped under overload: partial hypotheses go first, audio only when a stream's queue
   * is full, packets only when a live feed's hand-off queue from the media loop is full.
   */
  public enum DropKind { PARTIAL, AUDIO, PACKET }

  private final Map<DropKind, Counter> drops = new EnumMap<>(DropKind.class);
  private final Timer endToFinal;
  private final Timer onsetToPartial;
  private final DistributionSummary rtf;
  private final Counter finals;
  private final Counter partials;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger streams = new AtomicInteger();

  public TranscriptionMetrics(MeterRegistry registry) {
    for (DropKind k : DropKind.values()) {
      drops.put(k, Counter.builder("telerounds.transcription.drops")
          .description("Work dropped under overload, by kind (partial hypotheses before audio)")
          .tag("kind", k.name().toLowerCase()).register(registry));
    }
    endToFinal = Timer.builder("telerounds.transcription.latency.final")
        .description("End of speech (last voiced audio received) to caption.final emitted")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(50))
        .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    onsetToPartial = Timer.builder("telerounds.transcription.latency.first-partial")
        .description("Speech onset (first audio of the utterance received) to its first caption.partial")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(50))
        .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    rtf = DistributionSummary.builder("telerounds.transcription.rtf")
        .description("Real-time factor per utterance: decoding time / audio duration")
        .publishPercentiles(0.5, 0.95).register(registry);
    finals = Counter.builder("telerounds.transcription.captions").description("Captions emitted, by kind")
        .tag("kind", "final").register(registry);
    partials = Counter.builder("telerounds.transcription.captions").description("Captions emitted, by kind")
        .tag("kind", "partial").register(registry);
    Gauge.builder("telerounds.transcription.queue.depth", queued, AtomicInteger::get)
        .description("Audio chunks waiting for recognition, all streams").register(registry);
    Gauge.builder("telerounds.transcription.streams", streams, AtomicInteger::get)
        .description("Open transcription streams").register(registry);
  }

  /** Metrics that go nowhere (the offline command, tests). */
  public static TranscriptionMetrics discard() {
    return new TranscriptionMetrics(new SimpleMeterRegistry());
  }

  public void dropped(DropKind kind) {
    drops.get(kind).increment();
  }

  public double drops(DropKind kind) {
    return drops.get(kind).count();
  }

  public void endToFinal(long millis) {
    endToFinal.record(Duration.ofMillis(Math.max(0, millis)));
  }

  public void onsetToFirstPartial(long millis) {
    onsetToPartial.record(Duration.ofMillis(Math.max(0, millis)));
  }

  public void realTimeFactor(double value) {
    rtf.record(value);
  }

  public void emitted(Caption c) {
    (c.isFinal() ? finals : partials).increment();
  }

  void queued(int delta) {
    queued.addAndGet(delta);
  }

  public int queueDepth() {
    return queued.get();
  }

  void streams(int delta) {
    streams.addAndGet(delta);
  }
}
