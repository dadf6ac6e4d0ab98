package org.telerounds.media.transcribe;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.transcribe.engine.EngineSettings;
import org.telerounds.media.transcribe.engine.EngineUnavailableException;
import org.telerounds.media.transcribe.engine.SpeechEngine;

/**
 * One speech engine and model, loading in the background on the recognition threads, and the
 * factory of per-speaker {@link TranscriptionStream}s. If the engine or model is missing it logs
 * one WARN line, {@link #availability()} completes with the reason to show experts, and streams
 * ignore their audio: the round goes on without captions. Thread-safe.
 */
public final class Transcriber implements AutoCloseable {
  /** How a transcriber gets its engine: {@code SpeechEngines::load}, or a fake in queue tests. */
  @FunctionalInterface
  interface EngineLoader {
    SpeechEngine load(EngineSettings settings) throws EngineUnavailableException;
  }

  private static final Logger LOG = LoggerFactory.getLogger("media.transcribe");
  private final String engineName;
  private final CompletableFuture<SpeechEngine> engine;
  private final CompletableFuture<Optional<String>> availability;
  private final TranscriptionConfig config;
  private final TranscriptionExecutor executor;
  private final TranscriptionMetrics metrics;
  private final Clock clock;
  private final List<TranscriptionStream> streams = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private Transcriber(String engineName, CompletableFuture<SpeechEngine> engine,
      CompletableFuture<Optional<String>> availability, TranscriptionConfig config,
      TranscriptionExecutor executor, TranscriptionMetrics metrics, Clock clock) {
    this.engineName = engineName;
    this.engine = engine;
    this.availability = availability;
    this.config = config;
    this.executor = executor;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Starts loading {@code settings}' engine on {@code executor}; returns at once. */
  static Transcriber start(EngineSettings settings, EngineLoader loader, TranscriptionConfig config,
      TranscriptionExecutor executor, TranscriptionMetrics metrics, Clock clock) {
    CompletableFuture<SpeechEngine> engine = new CompletableFuture<>();
    CompletableFuture<Optional<String>> availability = new CompletableFuture<>();
    Transcriber t = new Transcriber(settings.engine(), engine, availability, config, executor, metrics, clock);
    executor.execute(() -> {
      try {
        SpeechEngine e = loader.load(settings);
        if (t.closed) {
          e.close();
          throw new EngineUnavailableException("transcriber closed while loading");
        }
        availability.complete(Optional.empty());
        engine.complete(e);
      } catch (EngineUnavailableException | RuntimeException | LinkageError e) {
        String reason = e instanceof EngineUnavailableException ? e.getMessage()
            : settings.engine() + " failed to load: " + e;
        LOG.warn("live captions are off: {}", reason);
        availability.complete(Optional.of(reason));
        engine.complete(null);
      }
    });
    return t;
  }

  /** Transcription is switched off: nothing is loaded and no thread exists. */
  static Transcriber disabled() {
    String reason = "live transcription is disabled (telerounds.transcription.enabled = false)";
    return new Transcriber("off", CompletableFuture.completedFuture(null),
        CompletableFuture.completedFuture(Optional.of(reason)), null, null, null, null);
  }

  /** Whether audio fed to this transcriber's streams may become captions (on, and not known broken). */
  public boolean isActive() {
    return executor != null && !unavailableReason().isPresent();
  }

  /** Completes once the engine is loaded (empty) or known unavailable (the reason, one line). */
  public CompletableFuture<Optional<String>> availability() {
    return availability;
  }

  /** Why captions are off, if known now; empty while loading or when working. */
  public Optional<String> unavailableReason() {
    return availability.getNow(Optional.empty());
  }

  /** {@code pocketsphinx}, {@code vosk}, or {@code off}. */
  public String engineName() {
    return engineName;
  }

  /**
   * Opens one speaker's stream. Cheap and non-blocking: the decoder is made on a recognition
   * thread. When transcription is off or unavailable, the stream ignores its audio.
   */
  public TranscriptionStream open(Speaker speaker, CaptionListener listener) {
    if (!isActive() || closed) {
      return TranscriptionStream.inert(speaker);
    }
    TranscriptionStream s = new TranscriptionStream(speaker, listener, engine, config, executor, metrics, clock);
    streams.add(s);
    s.closed().whenComplete((v, t) -> streams.remove(s));
    return s;
  }

  /** The recognition threads (null when transcription is off); live feeds decode Opus there. */
  java.util.concurrent.Executor executor() {
    return executor;
  }

  /** Streams opened and not yet closed. */
  public int openStreams() {
    return streams.size();
  }

  /** Closes every open stream (their finals are emitted), waits up to 5 s, then frees the model. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (executor == null) {
      return;
    }
    List<TranscriptionStream> open = List.copyOf(streams);
    open.forEach(TranscriptionStream::close);
    try {
      CompletableFuture.allOf(open.stream().map(TranscriptionStream::closed).toArray(CompletableFuture[]::new))
          .get(5, TimeUnit.SECONDS);
      SpeechEngine e = engine.get(5, TimeUnit.SECONDS);
      if (e != null) {
        e.close();
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    } catch (Exception ex) {
      LOG.warn("transcriber did not close cleanly ({})", ex.toString());
    }
  }
}
