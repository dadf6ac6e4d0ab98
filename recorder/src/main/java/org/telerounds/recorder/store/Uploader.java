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
  private final java.util.Map<String, Integer> generation = new java.util.HashMap<>();
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

  /** Queues a spooled object for upload. */
  public synchronized void submit(String key) {
    generation.merge(key, 1, Integer::sum);
    if (pending.add(key)) queue.addLast(key);
    notifyAll();
  }

  /**
   * Replaces a small object that changes (round.json) and queues it. If an older version is being
   * uploaded right now, the new one is uploaded after it and is never deleted unsent.
   */
  public synchronized void replace(String key, byte[] data) throws java.io.IOException {
    spool.putBytes(key, data);
    submit(key);
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
      int gen;
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
        gen = generation.getOrDefault(key, 0);
      }
      if (!java.nio.file.Files.exists(spool.pathOf(key))) {
        LOG.error("a spooled object vanished before upload and is skipped");
        synchronized (this) {
          queue.remove(key);
          pending.remove(key);
          generation.remove(key);
          notifyAll();
        }
        continue;
      }
      try {
        store.putFile(key, spool.pathOf(key), ContentTypes.of(key));
        synchronized (this) {
          queue.remove(key);
          if (generation.getOrDefault(key, 0) == gen) {
            spool.remove(key);
            pending.remove(key);
            generation.remove(key);
          } else {
            queue.addLast(key); // changed while uploading: send the newer version too
          }
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
