package org.telerounds.signaling.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full checks of the audit chain as background jobs, one at a time on their own thread
 * ({@code audit-verify}), so a long check never holds a REST thread. A job's progress (entries
 * checked of the total) and result can be polled by its id; the last 20 jobs are kept. The outcome
 * of the last job that finished ({@link #lastOutcome}) is what {@code telerounds_audit_chain_valid}
 * shows; an invalid chain is logged as an error.
 */
public final class FullVerifyJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("audit");
  private static final int KEPT = 20;
  private final AuditVerifier verifier;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "audit-verify");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private Job running;
  private volatile int lastOutcome = -1;

  /** One full check: its id, total entries, how many are checked, and its result once done. */
  public static final class Job {
    private final String id;
    private final AtomicLong total;
    private final AtomicLong checked = new AtomicLong();
    private volatile AuditVerifier.Result result;
    private volatile String error;

    Job(String id, long total) {
      this.id = id;
      this.total = new AtomicLong(total);
    }

    public String id() {
      return id;
    }

    /**
     * Entries this job checks: the head when it was asked for, then, once it starts reading, the
     * head it actually checks up to (entries written since the request, such as the request's own
     * audit entry, are included; later ones are left to the next check), so {@code checked} never
     * passes it.
     */
    public long total() {
      return total.get();
    }

    public long checked() {
      return checked.get();
    }

    /** Null while running. */
    public AuditVerifier.Result result() {
      return result;
    }

    /** Why the job could not finish (the store unreachable), or null. */
    public String error() {
      return error;
    }

    public boolean done() {
      return result != null || error != null;
    }
  }

  public FullVerifyJobs(AuditVerifier verifier) {
    this.verifier = verifier;
  }

  /** Starts a full check, or returns the one already running; {@code total} is the head's seq. */
  public synchronized Job start(long total) {
    if (running != null && !running.done()) return running;
    Job job = new Job(UUID.randomUUID().toString(), total);
    jobs.put(job.id(), job);
    while (jobs.size() > KEPT) jobs.remove(jobs.keySet().iterator().next());
    running = job;
    thread.execute(() -> {
      try {
        job.result = verifier.full(job.total::set, job.checked::set);
        boolean valid = job.result.verification().valid();
        lastOutcome = valid ? 1 : 0;
        if (valid) {
          LOG.info("audit log: full verify {}: {} entries, valid", job.id, job.checked());
        } else {
          LOG.error("audit log: full verify {}: INVALID at entry {}: {}", job.id,
              job.result.verification().firstBadSeq(), job.result.verification().reason());
        }
      } catch (Exception e) {
        job.error = e.getMessage();
        LOG.warn("audit log: full verify {} could not finish: {}", job.id, e.toString());
      }
    });
    return job;
  }

  /** 1: the last full check found the chain valid; 0: invalid; -1: none has finished yet. */
  public int lastOutcome() {
    return lastOutcome;
  }

  public synchronized Optional<Job> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
