package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.LongConsumer;
import org.telerounds.recorder.store.StoreException;

/**
 * Checks the stored chain against the audit keys and the checkpoints. It keeps a verified prefix
 * (seq and hash of the last entry read back and found good), in memory and as a signed checkpoint,
 * so {@link #incremental} re-reads only the prefix's last entry (it must be unchanged) and the
 * entries written since. {@link #full} reads everything from the first entry. Both read entries
 * by key, one by one, so one unreadable object is reported as that entry, never as a failure of
 * the whole audit API. Entries of the previous release's sealed legacy range are checked by their
 * plain chain and the seal ({@link LegacySeal}) and counted apart, never as signed; unsigned entries
 * no seal covers fail, at the first break of their plain chain when there is one. Blocking; never
 * call it on an event loop.
 */
public final class AuditVerifier {
  private final ObjectStoreAuditLog log;
  private final int incrementalMax;
  private ObjectStoreAuditLog.Head verified = new ObjectStoreAuditLog.Head(0, AuditChain.GENESIS);
  private boolean loaded;

  public AuditVerifier(ObjectStoreAuditLog log, int incrementalMax) {
    this.log = log;
    this.incrementalMax = incrementalMax;
  }

  /** The result of a check, and whether it reached the head ({@code complete}). */
  public record Result(AuditChain.Verification verification, boolean complete) {}

  /** Checks the entries written since the last good verify (at most {@code incremental-verify-max}). */
  public synchronized Result incremental() throws StoreException {
    awaitResumed();
    if (!loaded) {
      Checkpoint c = log.verifiedAtStart();
      if (c != null) verified = new ObjectStoreAuditLog.Head(c.seq(), c.hash());
      loaded = true;
    }
    ObjectStoreAuditLog.Head start = verified;
    long checked = 0;
    String prev = start.hash();
    if (start.seq() > 0) {
      AuditChain.Checked anchor = AuditChain.check(log.store().getIfExists(ObjectStoreAuditLog.key(start.seq())),
          start.seq(), "", log.keys());
      checked++;
      if (anchor.entry() == null || !start.hash().equals(anchor.entry().path("hash").asText())
          || !start.hash().equals(anchorHash(anchor.entry(), start.seq()))) {
        String why = anchor.entry() == null ? anchor.problem()
            : "entry " + start.seq() + " changed after it was verified";
        return done(AuditChain.Verification.bad(start.seq() - 1, "", start.seq(), why, checked), true);
      }
    }
    ObjectStoreAuditLog.Head head = log.head();
    String problem = log.startProblem();
    long until = Math.min(head.seq(), start.seq() + incrementalMax);
    long seq = start.seq() + 1;
    for (; seq <= until; seq++) {
      AuditChain.Checked c = AuditChain.check(log.store().getIfExists(ObjectStoreAuditLog.key(seq)), seq, prev,
          log.keys(), log.legacySeal());
      checked++;
      if (c.problem() != null) return done(unsealed(c, seq, prev, checked), true);
      prev = c.hash();
    }
    long good = seq - 1;
    if (good > start.seq()) {
      verified = new ObjectStoreAuditLog.Head(good, prev);
      log.checkpointVerified(verified);
    }
    if (problem != null) return done(AuditChain.Verification.bad(good, prev, 0, problem, checked), true);
    return done(new AuditChain.Verification(true, good, prev, 0, "", checked), good >= head.seq());
  }

  /** Checks every entry from the first to the head; {@code progress} gets the count checked so far. */
  public Result full(LongConsumer progress) throws StoreException {
    return full(total -> { }, progress);
  }

  /**
   * Checks every entry from the first to the head as it is when the check starts ({@code total}
   * gets its seq, before any entry is read; entries written meanwhile are left to the next check);
   * {@code progress} gets the count checked so far.
   */
  public Result full(LongConsumer total, LongConsumer progress) throws StoreException {
    awaitResumed(); // before that, the head (and the legacy seal) are not known yet
    ObjectStoreAuditLog.Head head = log.head();
    total.accept(head.seq());
    String prev = AuditChain.GENESIS;
    long seq = 1;
    for (; seq <= head.seq(); seq++) {
      AuditChain.Checked c = AuditChain.check(log.store().getIfExists(ObjectStoreAuditLog.key(seq)), seq, prev,
          log.keys(), log.legacySeal());
      progress.accept(seq);
      if (c.problem() != null) return done(unsealed(c, seq, prev, seq), true);
      prev = c.hash();
    }
    if (!prev.equals(head.hash())) {
      return done(AuditChain.Verification.bad(seq - 1, prev, head.seq(), "the stored head differs from the written "
          + "head", seq - 1), true);
    }
    synchronized (this) {
      if (head.seq() > verified.seq()) {
        verified = head;
        loaded = true;
        log.checkpointVerified(head);
      }
    }
    String problem = log.startProblem();
    if (problem != null) return done(AuditChain.Verification.bad(head.seq(), prev, 0, problem, seq - 1), true);
    return done(new AuditChain.Verification(true, head.seq(), prev, 0, "", seq - 1), true);
  }

  private void awaitResumed() throws StoreException {
    for (int i = 0; i < 100 && !log.resumed(); i++) sleep(); // just started: the writer is checking the store
    if (!log.resumed()) throw new StoreException("the audit log has not reached the object store yet", null);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The hash a verified entry must still have: the old format's inside the legacy range. */
  private String anchorHash(ObjectNode entry, long seq) {
    LegacySeal seal = log.legacySeal();
    if (seal == null || seq > seal.end()) return AuditChain.hash(entry);
    return LegacySeal.unsigned(entry) ? LegacySeal.plainHash(entry) : "";
  }

  /**
   * The failure at {@code seq}; when it is entry 1 unsigned with no seal (the previous release's
   * log, not sealed at start), the first break of its plain chain, if any, is the one reported.
   */
  private AuditChain.Verification unsealed(AuditChain.Checked c, long seq, String prev, long checked)
      throws StoreException {
    AuditChain.Verification bad = AuditChain.Verification.bad(seq - 1, prev, seq, c.problem(), checked);
    if (seq != 1 || log.legacySeal() != null || c.entry() == null || !LegacySeal.unsigned(c.entry())) return bad;
    String plain = AuditChain.GENESIS;
    for (long s = 1; s <= log.head().seq(); s++) {
      byte[] bytes = log.store().getIfExists(ObjectStoreAuditLog.key(s));
      AuditChain.Checked p = LegacySeal.checkPlain(bytes, s, plain);
      if (p.problem() == null) {
        plain = p.hash();
        continue;
      }
      if (p.entry() != null && !LegacySeal.unsigned(p.entry())) break; // signed: the end of the unsigned entries
      return AuditChain.Verification.bad(s - 1, plain, s, p.problem() + " (in the previous release's log, which "
          + "was therefore not sealed)", checked + s);
    }
    return AuditChain.Verification.bad(0, prev, 1, "entry 1 is not signed (no keyId) and no legacy seal covers it",
        checked);
  }

  private Result done(AuditChain.Verification v, boolean complete) {
    log.metrics().verified.increment(v.checked());
    return new Result(v.withLegacy(log.legacySeal()), complete);
  }
}
