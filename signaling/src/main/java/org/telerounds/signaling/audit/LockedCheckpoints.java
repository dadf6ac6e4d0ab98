package org.telerounds.signaling.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.StoreException;

/**
 * Head checkpoints as objects under S3 Object Lock ({@code audit-checkpoints/<seq>.json}, compliance
 * mode), so that not even the bucket's owner can delete or overwrite them before their retention
 * ends. Used only when the bucket has Object Lock on; otherwise this says so once and does
 * nothing, and the local checkpoint file is the second place. Blocking; at most one write per
 * {@code interval}.
 */
final class LockedCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger("audit");
  static final String PREFIX = "audit-checkpoints/";
  private final ObjectStore store;
  private final Clock clock;
  private final Duration interval;
  private final Duration retention;
  private final boolean enabled;
  private long lastWrittenMillis = Long.MIN_VALUE / 2;

  LockedCheckpoints(ObjectStore store, Clock clock, Duration interval, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.interval = interval;
    this.retention = retention;
    this.enabled = store.objectLockEnabled();
    if (enabled) {
      LOG.info("audit log: bucket {} has Object Lock; head checkpoints are also kept there for {}", store.bucket(),
          retention);
    } else {
      LOG.warn("audit log: bucket {} has no S3 Object Lock (the embedded store has none); audit checkpoints are "
          + "kept in the local checkpoint file only", store.bucket());
    }
  }

  boolean enabled() {
    return enabled;
  }

  /** The latest locked head checkpoint, or null. */
  Checkpoint latest(AuditKeyRing keys) throws StoreException {
    if (!enabled) return null;
    List<ObjectStore.Entry> all = store.list(PREFIX);
    for (int i = all.size() - 1; i >= 0; i--) {
      Checkpoint c = Checkpoint.parse(store.get(all.get(i).key()));
      if (c != null && c.authentic(keys)) return c;
      LOG.error("audit log: locked checkpoint {} is not signed by an audit key", all.get(i).key());
    }
    return null;
  }

  /** Writes {@code c} unless one was written less than {@code interval} ago (or {@code force}). */
  void offer(Checkpoint c, boolean force) {
    long now = clock.millis();
    if (!enabled || (!force && now - lastWrittenMillis < interval.toMillis())) return;
    try {
      store.putRetained(PREFIX + String.format("%020d.json", c.seq()), c.toJson().getBytes(StandardCharsets.UTF_8),
          "application/json", clock.instant().plus(retention));
      lastWrittenMillis = now;
    } catch (StoreException e) {
      LOG.warn("audit log: cannot write a locked checkpoint: {}", e.getMessage());
    }
  }
}
