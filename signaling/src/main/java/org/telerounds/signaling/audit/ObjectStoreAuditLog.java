package org.telerounds.signaling.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.StoreException;

/**
 * The writer of the authenticated audit log in object storage: one object per entry,
 * {@code audit/<seq, 20 digits>.json}, never rewritten (docs/recording.md). One thread,
 * {@code audit-writer}, appends in order from a bounded queue, retries while the store is down
 * and appends signed head checkpoints to the checkpoint file (and to an Object Lock bucket).
 * {@link #append} completes when the entry is stored. An entry that does not fit the queue, or is
 * still waiting when {@link #close} gives up, is logged as an error and counted. One telerounds
 * process writes a bucket's log.
 */
public final class ObjectStoreAuditLog implements AuditLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("audit");
  static final String PREFIX = "audit/";
  private final ObjectStore store;
  private final Clock clock;
  private final AuditKeyRing keys;
  private final AuditConfig config;
  private final CheckpointFile checkpoints;
  private final LockedCheckpoints locked;
  private final ArrayBlockingQueue<Pending> queue;
  private final AtomicInteger live = new AtomicInteger();
  private final AuditMetrics metrics;
  private final Thread writer;
  private final DropLog drops = new DropLog();
  private volatile boolean closed;
  private volatile boolean storeDown;
  private volatile Head head = new Head(0, AuditChain.GENESIS);
  private volatile String startProblem;
  private volatile Checkpoint verifiedAtStart;
  private volatile LegacySeal legacySeal;
  private volatile boolean resumed;
  private long lastCheckpointMillis;
  private long checkpointedSeq;

  /** The last stored entry: its seq (0: none) and hash. */
  public record Head(long seq, String hash) {}

  private record Pending(AuditEvent event, CompletableFuture<Void> done, boolean isLive) {}

  public ObjectStoreAuditLog(ObjectStore store, Clock clock, MeterRegistry registry, AuditKeyRing keys,
      AuditConfig config) {
    this.store = store;
    this.clock = clock;
    this.keys = keys;
    this.config = config;
    this.queue = new ArrayBlockingQueue<>(config.queueSize());
    this.metrics = new AuditMetrics(registry, queue, () -> !storeDown);
    this.checkpoints = new CheckpointFile(config.checkpointFile(), keys);
    this.locked = new LockedCheckpoints(store, clock, config.objectLockInterval(), config.objectLockRetention());
    this.writer = new Thread(this::run, "audit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public CompletableFuture<Void> append(AuditEvent event) {
    return enqueue(event, false);
  }

  /** Live-round actions: fire-and-forget, and limited to {@code live-queue-size} waiting. */
  @Override
  public void record(String actor, String actorRole, String room, String action, String detail, String outcome) {
    enqueue(new AuditEvent(actor, actorRole, "-", room, action, detail, outcome), true);
  }

  private CompletableFuture<Void> enqueue(AuditEvent event, boolean isLive) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      metrics.shutdown.increment();
      drops.lost("shutdown", event);
      done.completeExceptionally(new IllegalStateException("the audit log is closed"));
      return done;
    }
    if (isLive && live.incrementAndGet() > config.liveQueueSize()) {
      live.decrementAndGet();
      return overflow(event, done);
    }
    if (!queue.offer(new Pending(event, done, isLive))) {
      if (isLive) live.decrementAndGet();
      return overflow(event, done);
    }
    return done;
  }

  private CompletableFuture<Void> overflow(AuditEvent event, CompletableFuture<Void> done) {
    metrics.overflow.increment();
    drops.lost("overflow", event);
    done.completeExceptionally(new IllegalStateException("the audit log is not keeping up with the store"));
    return done;
  }

  private void run() {
    long backoff = 500;
    Pending p = null;
    while (true) {
      try {
        if (!resumed) resume();
        if (p == null) p = queue.poll(200, TimeUnit.MILLISECONDS);
        if (p == null) {
          if (closed) break;
          checkpoint(false);
          continue;
        }
        write(p);
        p = null;
        if (storeDown) LOG.info("audit log: the object store is back; entries are being written again");
        storeDown = false;
        backoff = 500;
        checkpoint(false);
      } catch (StoreException e) {
        if (!storeDown) LOG.warn("audit log: cannot write to the object store, retrying: {}", e.getMessage());
        storeDown = true;
        if (Thread.currentThread().isInterrupted()) break;
        sleep(backoff);
        backoff = Math.min(5000, backoff * 2);
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException | IOException e) {
        LOG.error("audit log: entry could not be written", e);
        if (p != null) {
          metrics.failed.increment();
          p.done().completeExceptionally(e);
          if (p.isLive()) live.decrementAndGet();
        }
        p = null;
      }
    }
    if (resumed) checkpointQuietly();
    int lost = 0;
    IllegalStateException stopped = new IllegalStateException("the audit log stopped before this entry was written");
    if (p != null) {
      p.done().completeExceptionally(stopped);
      lost++;
    }
    for (Pending left; (left = queue.poll()) != null; ) {
      left.done().completeExceptionally(stopped);
      lost++;
    }
    if (lost > 0) {
      metrics.shutdown.increment(lost);
      LOG.error("audit log: {} entries were still waiting at shutdown and are LOST (drain-timeout {})", lost,
          config.drainTimeout());
    }
  }

  private void write(Pending p) throws StoreException, IOException {
    put(p.event());
    if (p.isLive()) live.decrementAndGet();
    p.done().complete(null);
  }

  private void put(AuditEvent event) throws StoreException {
    Head h = head;
    ChainResume.Head end = ChainResume.after(store, h.seq(), h.hash()); // never write over an entry
    if (end.seq() != h.seq()) {
      LOG.error("audit log: entries {}..{} are in the store but this server did not write them; continuing after "
          + "them (verify reports whether they belong to the chain)", h.seq() + 1, end.seq());
      h = new Head(end.seq(), end.hash());
      head = h;
    }
    long seq = h.seq() + 1;
    ObjectNode entry = AuditChain.entry(seq, clock.millis(), event, h.hash(), keys);
    store.putBytes(key(seq), entry.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    head = new Head(seq, entry.get("hash").asText());
    metrics.appended.increment();
  }

  /** Continues the chain after the last stored entry, checked against the latest checkpoint. */
  private void resume() throws StoreException, IOException {
    CheckpointFile.Latest local;
    try {
      local = checkpoints.read(keys);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the audit checkpoint file " + checkpoints.path(), e);
    }
    Checkpoint latest = Checkpoint.later(Checkpoint.later(local.head(), local.verified()), locked.latest(keys));
    ChainResume.Head h = ChainResume.resume(store, latest, checkpoints.exists() && local.forged() == 0);
    String problem = h.problem();
    if (local.forged() > 0) problem = (problem == null ? "" : problem + "; ") + local.forged()
        + " checkpoint line(s) are not signed by an audit key";
    head = new Head(h.seq(), h.hash());
    checkpointedSeq = latest == null ? 0 : latest.seq();
    LegacyUpgrade.Found legacy = LegacyUpgrade.find(store, local.legacy(), head, keys);
    if (legacy.problem() != null) {
      LOG.error("audit log: {}; GET /api/audit/verify reports it", legacy.problem());
      problem = (problem == null ? "" : problem + "; ") + legacy.problem();
    }
    String refused = sealLegacy(legacy);
    if (refused != null) problem = (problem == null ? "" : problem + "; ") + refused;
    legacySeal = refused == null ? legacy.seal() : null;
    startProblem = problem;
    verifiedAtStart = local.verified();
    resumed = true;
    LOG.info("audit log: {} entries in the object store, appending from number {} (key {})", h.seq(), h.seq() + 1,
        keys.currentId());
    if (problem != null) {
      queue.offer(new Pending(new AuditEvent("telerounds", "server", "-", "-", "audit.tamper-detected", problem,
          "detected"), new CompletableFuture<>(), false));
    }
  }

  /**
   * Writes the seal of the previous release's entries as the next entry, then signed checkpoints of
   * it; returns why it did not (an entry already where the seal goes), or null.
   */
  private String sealLegacy(LegacyUpgrade.Found legacy) throws StoreException, IOException {
    LegacySeal seal = legacy.seal();
    if (legacy.sealNow()) {
      if (store.getIfExists(key(seal.sealSeq())) != null) { // never write a seal over an entry
        String refused = "entry " + seal.sealSeq() + " already exists where the seal of entries 1.." + seal.end()
            + " would go: NOT sealed";
        LOG.error("audit log: {}", refused);
        return refused;
      }
      put(seal.event());
      LOG.warn("audit log: sealed entries 1..{} of the previous release (unsigned, plain SHA-256 chain ending in {}) "
          + "with signed entry {}; verify accepts them only as long as they stay unchanged", seal.end(), seal.head(),
          seal.sealSeq());
    }
    if (legacy.recordCheckpoint()) {
      checkpoints.append(Checkpoint.sign(Checkpoint.LEGACY, seal.end(), seal.head(), clock.millis(), keys));
      checkpoint(true);
    }
    return null;
  }

  private void checkpoint(boolean force) throws IOException {
    Head h = head;
    long now = clock.millis();
    if (h.seq() == checkpointedSeq || (!force && now - lastCheckpointMillis < config.checkpointInterval().toMillis())) {
      return;
    }
    Checkpoint c = Checkpoint.sign(Checkpoint.HEAD, h.seq(), h.hash(), now, keys);
    checkpoints.append(c);
    locked.offer(c, force);
    checkpointedSeq = h.seq();
    lastCheckpointMillis = now;
  }

  private void checkpointQuietly() {
    try {
      checkpoint(true);
    } catch (IOException | RuntimeException e) {
      LOG.error("audit log: the last checkpoint could not be written: {}", e.toString());
    }
  }

  /** Records that entries up to {@code h} were read back and checked (blocking). */
  void checkpointVerified(Head h) {
    try {
      checkpoints.append(Checkpoint.sign(Checkpoint.VERIFIED, h.seq(), h.hash(), clock.millis(), keys));
    } catch (IOException e) {
      LOG.error("audit log: cannot append to the checkpoint file {}: {}", checkpoints.path(), e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String key(long seq) {
    return PREFIX + String.format("%020d.json", seq);
  }

  /** The last stored entry. */
  public Head head() {
    return head;
  }

  /** Whether the writer has compared the store with its checkpoints yet. */
  /** Whether the writer has found where the chain continues (it does so on its own thread after start). */
  public boolean resumed() {
    return resumed;
  }

  /** Tampering found at start (null if none). */
  String startProblem() {
    return startProblem;
  }

  /** The sealed legacy range of the previous release found or written at start, or null. */
  LegacySeal legacySeal() {
    return legacySeal;
  }

  /** The latest verified checkpoint found at start, or null. */
  Checkpoint verifiedAtStart() {
    return verifiedAtStart;
  }

  ObjectStore store() {
    return store;
  }

  AuditKeyRing keys() {
    return keys;
  }

  AuditMetrics metrics() {
    return metrics;
  }

  /** Entries waiting for the store. */
  public int pending() {
    return queue.size();
  }

  /** Writes what is waiting (up to {@code drain-timeout}), then stops; what is left is logged and counted. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(Math.max(1, config.drainTimeout().toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      writer.interrupt();
      try {
        writer.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    checkpoints.close();
  }

  /** Logs lost entries as errors: the first at once, then one line per 10 s with a count. */
  private final class DropLog {
    private long lastMillis = Long.MIN_VALUE / 2;
    private long since;

    synchronized void lost(String why, AuditEvent e) {
      since++;
      long now = clock.millis();
      if (now - lastMillis < 10_000) return;
      LOG.error("audit log: entry LOST ({}): {} entries lost since the last report; last action {} by {}", why, since,
          e.action(), e.actor());
      since = 0;
      lastMillis = now;
    }
  }
}
