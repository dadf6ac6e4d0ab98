package org.telerounds.recorder.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads spooled objects in the order they were finished, on its own thread. When the store is
 * unreachable it keeps the object, waits (1 s, doubling to 10 s) and tries again: nothing is
 * dropped, the spool just grows. One log line when the store goes down and one when it is back.
 */
public final class Uploader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("recorder.upload");
  private final Spool spool;
  private final ObjectStore store;
  private final Consumer<Boolean> onUploaded;
  private final Deque<String> queue = new ArrayDeque<>();
  private final Set<String> pending = new HashSet<>();
  private final Thread thread;
  private volatile boolean storeUp = true;
  private volatile boolean closed;

  /** {@code onUploaded} hears true for each upload and false for each failed try. */
  public Uploader(Spool spool, ObjectStore store, Consumer<Boolean> onUploaded) {
    this.spool = spool;
    this.store = store;
    this.onUploaded = onUploaded;
    this.thread = new Thread(this::run, "recorder-upload");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a spooled object for upload (again, if it is already queued: the newest file wins). */
  public synchronized void submit(String key) {
    if (pending.add(key)) queue.addLast(key);
    notifyAll();
  }

  /** Whether the last try reached the store. */
  public boolean storeUp() {
    return storeUp;
  }

  /** Objects waiting. */
  public synchronized int backlog() {
    return pending.size();
  }

  /** Waits until nothing under {@code prefix} waits for upload; false on timeout. */
  public synchronized boolean awaitUploaded(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.stream().anyMatch(k -> k.startsWith(prefix))) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || closed) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private void run() {
    long backoff = 1000;
    while (!closed) {
      String key;
      synchronized (this) {
        while (queue.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) return;
        key = queue.peekFirst();
      }
      try {
        store.putFile(key, spool.pathOf(key), ContentTypes.of(key));
        spool.remove(key);
        synchronized (this) {
          queue.remove(key);
          pending.remove(key);
          notifyAll();
        }
        if (!storeUp) LOG.info("object store reachable again; uploading {} spooled object(s)", backlog());
        storeUp = true;
        backoff = 1000;
        onUploaded.accept(true);
      } catch (StoreException | java.io.IOException e) {
        onUploaded.accept(false);
        if (storeUp) LOG.warn("object store unavailable, spooling segments until it is back: {}", e.getMessage());
        storeUp = false;
        try {
          synchronized (this) {
            wait(backoff);
          }
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(10_000, backoff * 2);
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
