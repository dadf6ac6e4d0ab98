package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.StoreException;

/**
 * The append-only, hash-chained audit log in object storage: one object per entry,
 * {@code audit/<seq, 20 digits>.json}, never rewritten (docs/recording.md). One thread,
 * {@code audit-writer}, appends in order and retries while the store is down; {@link #append}
 * completes when the entry is stored. One telerounds process writes a bucket's log.
 */
public final class ObjectStoreAuditLog implements AuditLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("audit");
  static final String PREFIX = "audit/";
  private static final int MAX_WAITING = 100_000;
  private final ObjectStore store;
  private final Clock clock;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  private volatile long written; // last stored seq, read by verify
  private String head = AuditChain.GENESIS;
  private boolean resumed;

  private record Pending(AuditEvent event, CompletableFuture<Void> done) {}

  private final io.micrometer.core.instrument.Counter appended;
  private volatile boolean storeDown;

  public ObjectStoreAuditLog(ObjectStore store, Clock clock, io.micrometer.core.instrument.MeterRegistry registry) {
    this.store = store;
    this.clock = clock;
    this.appended = io.micrometer.core.instrument.Counter.builder("telerounds_audit_entries")
        .description("audit entries stored").register(registry);
    io.micrometer.core.instrument.Gauge.builder("telerounds_audit_pending", queue, java.util.Collection::size)
        .description("audit entries waiting to be stored").register(registry);
    io.micrometer.core.instrument.Gauge.builder("telerounds_audit_store_up", this, a -> a.storeDown ? 0 : 1)
        .description("1 while the audit log can write to the object store").register(registry);
    this.writer = new Thread(this::run, "audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public CompletableFuture<Void> append(AuditEvent event) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the audit log is closed"));
    } else if (queue.size() >= MAX_WAITING) {
      done.completeExceptionally(new IllegalStateException("the audit log is not keeping up with the store"));
    } else {
      queue.add(new Pending(event, done));
    }
    return done;
  }

  private void run() {
    long backoff = 500;
    boolean down = false;
    Pending p = null;
    while (!closed || p != null || !queue.isEmpty()) {
      try {
        if (p == null) p = queue.poll(200, TimeUnit.MILLISECONDS);
        if (p == null) continue;
        if (!resumed) resume();
        long seq = written + 1;
        ObjectNode entry = AuditChain.entry(seq, clock.millis(), p.event(), head);
        store.putBytes(key(seq), entry.toString().getBytes(StandardCharsets.UTF_8), "application/json");
        head = entry.get("hash").asText();
        written = seq;
        appended.increment();
        storeDown = false;
        p.done().complete(null);
        p = null;
        if (down) LOG.info("audit log: the object store is back; entries are being written again");
        down = false;
        backoff = 500;
      } catch (StoreException e) {
        if (!down) LOG.warn("audit log: cannot write to the object store, retrying: {}", e.getMessage());
        down = true;
        storeDown = true;
        if (closed) break;
        sleep(backoff);
        backoff = Math.min(5000, backoff * 2);
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.error("audit log: entry could not be written", e);
        if (p != null) p.done().completeExceptionally(e);
        p = null;
      }
    }
    IllegalStateException stopped = new IllegalStateException("the audit log stopped before this entry was written");
    if (p != null) p.done().completeExceptionally(stopped);
    for (Pending left; (left = queue.poll()) != null; ) left.done().completeExceptionally(stopped);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Continues the chain after the last stored entry. */
  private void resume() throws StoreException {
    List<ObjectStore.Entry> all = store.list(PREFIX);
    if (!all.isEmpty()) {
      String last = all.get(all.size() - 1).key();
      try {
        JsonNode n = AuditChain.JSON.readTree(store.get(last));
        written = n.path("seq").asLong();
        head = n.path("hash").asText();
      } catch (java.io.IOException e) {
        throw new StoreException("the last audit entry " + last + " cannot be read: " + e.getMessage(), e);
      }
      if (written != all.size()) {
        LOG.error("audit log: {} entries stored but the last one is number {}: run GET /api/audit/verify", all.size(),
            written);
      }
    }
    resumed = true;
    LOG.info("audit log: {} entries in the object store, appending from number {}", written, written + 1);
  }

  static String key(long seq) {
    return PREFIX + String.format("%020d.json", seq);
  }

  /** Up to {@code limit} stored entries from number {@code fromSeq} on (blocking). */
  public List<JsonNode> entries(long fromSeq, int limit) throws StoreException {
    List<JsonNode> out = new ArrayList<>();
    for (ObjectStore.Entry e : store.list(PREFIX)) {
      if (out.size() >= limit) break;
      if (e.key().compareTo(key(fromSeq)) < 0) continue;
      try {
        out.add(AuditChain.JSON.readTree(store.get(e.key())));
      } catch (java.io.IOException ex) {
        out.add(AuditChain.JSON.createObjectNode().put("key", e.key()).put("problem", "not valid JSON"));
      }
    }
    return out;
  }

  /**
   * Checks the whole chain as stored (blocking). Entries this process wrote that are gone from the
   * end are reported too.
   */
  public AuditChain.Verification verify() throws StoreException {
    List<byte[]> stored = new ArrayList<>();
    for (ObjectStore.Entry e : store.list(PREFIX)) stored.add(store.get(e.key()));
    AuditChain.Verification v = AuditChain.verify(stored);
    long known = written;
    if (v.valid() && v.entries() < known) {
      return new AuditChain.Verification(false, v.entries(), v.headHash(), v.entries() + 1,
          "entries after number " + v.entries() + " are missing (this server wrote " + known + ")");
    }
    return v;
  }

  /** Writes what is waiting (up to 5 s), then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
  }
}
