package org.telerounds.signaling.audit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.telerounds.recorder.store.ObjectStore;

/**
 * The audit log of a server with an object store, assembled: the authenticated chain's writer,
 * the coalescing of live-round actions in front of it, the reader, the incremental verifier and
 * the full-verify jobs, which also run every {@code full-verify-interval} on their own. It is the
 * server's {@link AuditLog}; closing it writes what is open and drains the writer.
 */
public final class AuditService implements AuditLog, AutoCloseable {
  private final ObjectStoreAuditLog chain;
  private final CoalescingAuditLog front;
  private final AuditVerifier verifier;
  private final FullVerifyJobs jobs;
  private final AuditReader reader;
  private final java.util.concurrent.ScheduledExecutorService schedule;

  public AuditService(ObjectStoreAuditLog chain, Clock clock, AuditConfig config) {
    this.chain = chain;
    this.front = new CoalescingAuditLog(chain, clock, config.coalesceWindow(), n -> chain.metrics().coalesced
        .increment(n));
    this.verifier = new AuditVerifier(chain, config.incrementalVerifyMax());
    this.jobs = new FullVerifyJobs(verifier);
    this.reader = new AuditReader(chain);
    chain.metrics().chainValid(jobs::lastOutcome);
    this.schedule = config.fullVerifyInterval().isZero() ? null : scheduleFullVerify(config.fullVerifyInterval());
  }

  private java.util.concurrent.ScheduledExecutorService scheduleFullVerify(java.time.Duration every) {
    java.util.concurrent.ScheduledExecutorService s = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-verify-schedule");
      t.setDaemon(true);
      return t;
    });
    long ms = every.toMillis();
    s.scheduleWithFixedDelay(() -> jobs.start(chain.head().seq()), ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
    return s;
  }

  /** Reads {@code telerounds.audit}, loads (or creates) the audit key and starts the writer. */
  public static AuditService start(Config root, ObjectStore store, Clock clock, MeterRegistry registry) {
    AuditConfig config = AuditConfig.from(root);
    AuditKeyRing keys;
    try {
      keys = AuditKeyRing.loadOrCreate(config.keyFile());
    } catch (IOException e) {
      throw new ConfigException.BadValue("telerounds.audit.key-file", e.getMessage());
    }
    return new AuditService(new ObjectStoreAuditLog(store, clock, registry, keys, config), clock, config);
  }

  @Override
  public CompletableFuture<Void> append(AuditEvent event) {
    return front.append(event);
  }

  @Override
  public void record(String actor, String actorRole, String room, String action, String detail, String outcome) {
    front.record(actor, actorRole, room, action, detail, outcome);
  }

  public ObjectStoreAuditLog chain() {
    return chain;
  }

  public AuditVerifier verifier() {
    return verifier;
  }

  public FullVerifyJobs jobs() {
    return jobs;
  }

  public AuditReader reader() {
    return reader;
  }

  /** Tests: closes the windows that have ended now. */
  public void flushCoalesced() {
    front.flushDue();
  }

  @Override
  public void close() {
    if (schedule != null) schedule.shutdownNow();
    jobs.close();
    front.close(); // flushes open windows, then drains and stops the writer
  }
}
