package org.telerounds.media.transcribe;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.telerounds.media.transcribe.engine.EngineSettings;
import org.telerounds.media.transcribe.engine.SpeechEngines;

/**
 * Entry point for live transcription: owns the {@code transcribe-*} threads and one {@link
 * Transcriber} per distinct engine/model, chosen per hospital and room from config. When {@code
 * telerounds.transcription.enabled} is false it creates nothing, no threads included, and every
 * room gets a disabled transcriber.
 */
public final class TranscriptionService implements AutoCloseable {
  private final TranscriptionConfig config;
  private final TranscriptionMetrics metrics;
  private final Clock clock;
  private final Transcriber.EngineLoader loader;
  private final Map<EngineSettings, Transcriber> transcribers = new ConcurrentHashMap<>();
  private final Transcriber disabled = Transcriber.disabled();
  private TranscriptionExecutor executor;
  private boolean closed;

  public TranscriptionService(TranscriptionConfig config, MeterRegistry registry, Clock clock) {
    this(config, new TranscriptionMetrics(registry), clock);
  }

  public TranscriptionService(TranscriptionConfig config, TranscriptionMetrics metrics, Clock clock) {
    this(config, metrics, clock, SpeechEngines::load);
  }

  TranscriptionService(TranscriptionConfig config, TranscriptionMetrics metrics, Clock clock,
      Transcriber.EngineLoader loader) {
    this.loader = loader;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  public boolean enabled() {
    return config.enabled();
  }

  public TranscriptionConfig config() {
    return config;
  }

  public TranscriptionMetrics metrics() {
    return metrics;
  }

  /**
   * The transcriber for a room, shared by rooms with the same engine and model. Returns at once;
   * the first call for a model starts loading it on a recognition thread.
   */
  public synchronized Transcriber forRoom(String hospital, String room) {
    if (!config.enabled() || closed) {
      return disabled;
    }
    if (executor == null) {
      executor = new TranscriptionExecutor(config.effectiveThreads());
    }
    return transcribers.computeIfAbsent(config.resolve(hospital, room),
        s -> Transcriber.start(s, loader, config, executor, metrics, clock));
  }

  /** Closes every transcriber (finals of open utterances are emitted), then stops the threads. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    transcribers.values().forEach(Transcriber::close);
    transcribers.clear();
    if (executor != null) {
      executor.close();
    }
  }
}
