package org.telerounds.media.dtls;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed set of threads every DTLS session of a media port shares: BouncyCastle's blocking
 * handshakes run here, and so do the short drains that handle a peer's retransmitted final flight
 * or close_notify after the handshake. No session holds a thread once its handshake is done, so the
 * thread count is {@link Settings#threads} whatever the number of transports. Work that finds the
 * queue full is refused with {@link RejectedExecutionException}; threads are named
 * {@code media-dtls-N} and all end on {@link #close}.
 */
public final class DtlsPool implements Executor, AutoCloseable {
  /**
   * How the pool is sized. {@code threads} 0 means max(2, available processors); {@code
   * queueCapacity} tasks may wait for a thread; a handshake unfinished after {@code
   * handshakeTimeout} from its start fails.
   */
  public record Settings(int threads, int queueCapacity, Duration handshakeTimeout) {
    public static final Settings DEFAULT = new Settings(0, 1024, Duration.ofSeconds(20));

    public Settings {
      if (threads < 0) throw new IllegalArgumentException("threads must be >= 0: " + threads);
      if (queueCapacity < 1) throw new IllegalArgumentException("queue capacity must be >= 1: " + queueCapacity);
      if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
      }
    }

    /** The thread count with 0 resolved. */
    public int effectiveThreads() {
      return threads > 0 ? threads : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
  }

  private final Settings settings;
  private final ThreadPoolExecutor executor;

  public DtlsPool(Settings settings) {
    this.settings = settings;
    AtomicInteger n = new AtomicInteger();
    int threads = settings.effectiveThreads();
    this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(settings.queueCapacity()), r -> {
          Thread t = new Thread(r, "media-dtls-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
  }

  public Settings settings() { return settings; }

  /** Runs {@code task} on a pool thread; throws {@link RejectedExecutionException} when full or closed. */
  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  /** Tasks waiting for a thread. */
  public int queued() { return executor.getQueue().size(); }

  /** Threads running a task now. */
  public int active() { return executor.getActiveCount(); }

  /** Threads the pool has started (at most the configured count). */
  public int threads() { return executor.getPoolSize(); }

  /**
   * Lets queued work (close_notify of closing sessions) run for up to two seconds, then interrupts
   * what is left and waits for every {@code media-dtls-*} thread to end.
   */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
