package org.telerounds.media.transcribe;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.transcribe.engine.EngineDecoder;
import org.telerounds.media.transcribe.engine.EngineUnavailableException;
import org.telerounds.media.transcribe.engine.SpeechEngine;

/**
 * One speaker's live feed. {@link #accept48k}/{@link #accept16k} run on the caller's media thread
 * and only copy the samples into a bounded queue (a full queue drops the chunk and counts it);
 * everything else (resampling, segmentation, decoding, caption callbacks) runs serially on a
 * {@code transcribe-*} thread. Captions go to the stream's {@link CaptionListener}.
 */
public class TranscriptionStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("media.transcribe");
  private static final int DRAIN_BUDGET = 50;

  private record Chunk(short[] pcm, int factor, long roundMillis, long arrivalMillis) {}

  private final Speaker speaker;
  private final CaptionListener listener;
  private final CompletableFuture<SpeechEngine> engine;
  private final TranscriptionConfig config;
  private final Executor executor;
  private final TranscriptionMetrics metrics;
  private final Clock clock;
  private final ArrayBlockingQueue<Chunk> queue;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile boolean closeRequested;
  private Downsampler downsampler;
  private short[] scratch = new short[0];
  private SpeakerPipeline pipeline;
  private boolean failed;

  TranscriptionStream(Speaker speaker, CaptionListener listener, CompletableFuture<SpeechEngine> engine,
      TranscriptionConfig config, Executor executor, TranscriptionMetrics metrics, Clock clock) {
    this.speaker = speaker;
    this.listener = listener;
    this.engine = engine;
    this.config = config;
    this.executor = executor;
    this.metrics = metrics;
    this.clock = clock;
    this.queue = config == null ? null : new ArrayBlockingQueue<>(config.queueChunks());
    if (engine != null) {
      metrics.streams(1);
      engine.whenComplete((e, t) -> schedule());
    }
  }

  public Speaker speaker() {
    return speaker;
  }

  /**
   * Feeds 48 kHz mono PCM (e.g. one 20 ms Opus frame, 960 samples) whose first sample is at {@code
   * roundMillis} on the round's clock. Copies and enqueues; never blocks.
   */
  public void accept48k(short[] pcm, int off, int len, long roundMillis) {
    enqueue(pcm, off, len, 3, roundMillis);
  }

  /** As {@link #accept48k} for 16 kHz mono PCM (e.g. 320 samples per 20 ms). */
  public void accept16k(short[] pcm, int off, int len, long roundMillis) {
    enqueue(pcm, off, len, 1, roundMillis);
  }

  private void enqueue(short[] pcm, int off, int len, int factor, long roundMillis) {
    if (closeRequested) {
      return;
    }
    short[] copy = new short[len];
    System.arraycopy(pcm, off, copy, 0, len);
    if (queue.offer(new Chunk(copy, factor, roundMillis, clock.millis()))) {
      metrics.queued(1);
      schedule();
    } else {
      metrics.dropped(TranscriptionMetrics.DropKind.AUDIO);
    }
  }

  /** Chunks waiting for recognition. */
  public int queued() {
    return queue.size();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) { // executor shut down
        scheduled.set(false);
        finish();
      }
    }
  }

  private void drain() {
    try {
      if (!engine.isDone()) {
        return; // the engine is still loading; its completion schedules us again
      }
      if (closed.isDone()) {
        discardQueued(); // a chunk that raced with close()
        return;
      }
      if (pipeline == null && !failed && !open()) {
        failed = true;
      }
      Chunk c;
      for (int budget = DRAIN_BUDGET; budget > 0 && (c = queue.poll()) != null; budget--) {
        metrics.queued(-1);
        if (!failed) {
          process(c);
        }
      }
      if (closeRequested && queue.isEmpty()) {
        finish();
      }
    } catch (RuntimeException e) {
      LOG.warn("transcription of one stream failed, captions for it stop ({})", e.toString());
      failed = true;
      discardQueued();
    } finally {
      scheduled.set(false);
      if ((!queue.isEmpty() && !closed.isDone()) || (closeRequested && !closed.isDone())) {
        schedule();
      }
    }
  }

  private boolean open() {
    SpeechEngine e = engine.getNow(null);
    if (e == null) {
      return false; // unavailable: the transcriber already logged why
    }
    try {
      EngineDecoder decoder = e.newDecoder();
      pipeline = new SpeakerPipeline(speaker, decoder, config.newSegmenter(), config.partialIntervalFrames(),
          listener, metrics, clock);
      return true;
    } catch (EngineUnavailableException ex) {
      LOG.warn("captions are off for one stream: {}", ex.getMessage());
      return false;
    }
  }

  private void process(Chunk c) {
    boolean allowPartials = queue.size() <= config.partialBacklog();
    if (c.factor == 1) {
      pipeline.process(c.pcm, 0, c.pcm.length, c.roundMillis, c.arrivalMillis, allowPartials);
      return;
    }
    if (downsampler == null || downsampler.factor() != c.factor) {
      downsampler = new Downsampler(c.factor);
    }
    if (scratch.length < downsampler.maxOutput(c.pcm.length)) {
      scratch = new short[downsampler.maxOutput(c.pcm.length)];
    }
    int n = downsampler.process(c.pcm, 0, c.pcm.length, scratch, 0);
    pipeline.process(scratch, 0, n, c.roundMillis, c.arrivalMillis, allowPartials);
  }

  private void finish() {
    if (closed.isDone()) {
      return;
    }
    try {
      if (pipeline != null) {
        pipeline.close(); // emits the final of an open utterance, frees the decoder
      }
    } catch (RuntimeException e) {
      LOG.warn("closing a transcription stream failed ({})", e.toString());
    } finally {
      pipeline = null;
      discardQueued();
      metrics.streams(-1);
      closed.complete(null);
    }
  }

  private void discardQueued() {
    while (queue.poll() != null) {
      metrics.queued(-1);
    }
  }

  /**
   * Stops the stream: audio already queued is still transcribed, the open utterance gets its final,
   * and the decoder is freed on the recognition thread. Returns at once; see {@link #closed()}.
   */
  @Override
  public void close() {
    if (engine == null || closeRequested) {
      return;
    }
    closeRequested = true;
    schedule();
  }

  /** Completes once the stream's decoder is freed. */
  public CompletableFuture<Void> closed() {
    return engine == null ? CompletableFuture.completedFuture(null) : closed;
  }

  /** A stream that ignores its audio: transcription off or unavailable. */
  static TranscriptionStream inert(Speaker speaker) {
    return new TranscriptionStream(speaker, c -> { }, null, null, null, null, null) {
      @Override
      public void accept48k(short[] pcm, int off, int len, long roundMillis) {}

      @Override
      public void accept16k(short[] pcm, int off, int len, long roundMillis) {}

      @Override
      public int queued() {
        return 0;
      }
    };
  }
}
