package org.telerounds.media.transcribe;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recognition threads: a fixed pool of daemon threads named {@code transcribe-N}. Streams
 * submit at most one drain task each at a time, so the task queue holds at most one entry per
 * stream and {@link #execute} never blocks. Created only when transcription is on.
 */
final class TranscriptionExecutor implements Executor, AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private final ThreadPoolExecutor pool;

  TranscriptionExecutor(int threads) {
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "transcribe-" + id + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /**
   * Lets queued work finish for up to 5 s, then interrupts; returns once the pool has terminated
   * (its threads are then exiting).
   */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
