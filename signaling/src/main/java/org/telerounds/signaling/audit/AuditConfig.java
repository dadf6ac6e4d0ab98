package org.telerounds.signaling.audit;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import org.telerounds.media.config.ConfigKeys;

/**
 * {@code telerounds.audit} (signaling's reference.conf): where the audit key and checkpoints live,
 * how often checkpoints are written, the bounds of the writer's queue and of live actions, and how
 * often the whole chain is checked in the background.
 * Validated at start-up; a bad value names its key.
 */
public record AuditConfig(Path keyFile, Path checkpointFile, Duration checkpointInterval,
    Duration objectLockInterval, Duration objectLockRetention, int queueSize, int liveQueueSize,
    Duration coalesceWindow, Duration drainTimeout, int incrementalVerifyMax, Duration fullVerifyInterval) {

  /** Reads and checks {@code telerounds.audit}. */
  public static AuditConfig from(Config root) {
    ConfigKeys.rejectUnknown(root, "telerounds.audit");
    Config c = root.getConfig("telerounds.audit");
    AuditConfig a = new AuditConfig(path(c, "key-file"), path(c, "checkpoint-file"),
        c.getDuration("checkpoint-interval"), c.getDuration("object-lock-checkpoint-interval"),
        c.getDuration("object-lock-retention"), c.getInt("queue-size"), c.getInt("live-queue-size"),
        c.getDuration("coalesce-window"), c.getDuration("drain-timeout"), c.getInt("incremental-verify-max"),
        c.getDuration("full-verify-interval"));
    ConfigKeys.require(a.queueSize >= 100 && a.queueSize <= 1_000_000, "telerounds.audit.queue-size",
        "100 to 1000000", a.queueSize);
    ConfigKeys.require(a.liveQueueSize >= 1 && a.liveQueueSize <= a.queueSize, "telerounds.audit.live-queue-size",
        "1 to queue-size", a.liveQueueSize);
    ConfigKeys.require(positive(a.checkpointInterval), "telerounds.audit.checkpoint-interval", "a positive duration",
        a.checkpointInterval);
    ConfigKeys.require(positive(a.objectLockInterval), "telerounds.audit.object-lock-checkpoint-interval",
        "a positive duration", a.objectLockInterval);
    ConfigKeys.require(a.objectLockRetention.toDays() >= 1, "telerounds.audit.object-lock-retention",
        "at least 1d", a.objectLockRetention);
    ConfigKeys.require(a.coalesceWindow.toMillis() >= 100 && a.coalesceWindow.toSeconds() <= 60,
        "telerounds.audit.coalesce-window", "100ms to 60s", a.coalesceWindow);
    ConfigKeys.require(!a.drainTimeout.isNegative() && a.drainTimeout.toMinutes() <= 10,
        "telerounds.audit.drain-timeout", "0s to 10m", a.drainTimeout);
    ConfigKeys.require(a.incrementalVerifyMax >= 1, "telerounds.audit.incremental-verify-max", "at least 1",
        a.incrementalVerifyMax);
    ConfigKeys.require(a.fullVerifyInterval.isZero() || a.fullVerifyInterval.toMinutes() >= 1,
        "telerounds.audit.full-verify-interval", "0 (off) or at least 1m", a.fullVerifyInterval);
    return a;
  }

  /** Defaults for tests: files under {@code dir}. */
  public static AuditConfig defaults(Path dir) {
    return new AuditConfig(dir.resolve("audit.keys"), dir.resolve("audit-checkpoints.jsonl"), Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofDays(3650), 10_000, 7_500, Duration.ofSeconds(1), Duration.ofSeconds(10),
        5_000, Duration.ZERO);
  }

  private static Path path(Config c, String key) {
    String v = c.getString(key);
    ConfigKeys.require(!v.isBlank(), "telerounds.audit." + key, "a file path", "\"\"");
    return Path.of(v);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
