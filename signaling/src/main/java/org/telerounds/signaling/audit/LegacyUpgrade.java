package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.StoreException;

/**
 * Decides at start what to do about entries written by the release before the audit keys. The
 * sealed range comes from the signed {@code legacy} checkpoint when there is one (read outside the
 * store). Otherwise, when entry 1 is unsigned, the unsigned entries are walked from 1 exactly as
 * the old release verified them, up to the first signed entry: a valid seal there is adopted; an
 * intact old chain reaching the head is to be sealed now; a broken one, or unsigned entries followed
 * by a signed entry that is not their seal, is never sealed and is reported instead. The walk reads
 * each entry once, only until the range is sealed. Blocking.
 */
final class LegacyUpgrade {
  /** The outcome: the seal (null: none), whether to write it now, and the problem found (null: none). */
  record Found(LegacySeal seal, boolean sealNow, boolean recordCheckpoint, String problem) {
    static final Found NONE = new Found(null, false, false, null);
  }

  private LegacyUpgrade() {}

  static Found find(ObjectStore store, Checkpoint legacy, ObjectStoreAuditLog.Head head, AuditKeyRing keys)
      throws StoreException {
    if (legacy != null) return new Found(new LegacySeal(legacy.seq(), legacy.hash()), false, false, null);
    byte[] first = store.getIfExists(ObjectStoreAuditLog.key(1));
    if (first == null || !unsigned(first)) return Found.NONE;
    String prev = AuditChain.GENESIS;
    String problem = null;
    long seq = 1;
    byte[] bytes = first;
    for (; seq <= head.seq(); seq++, bytes = store.getIfExists(ObjectStoreAuditLog.key(seq))) {
      if (bytes != null && !unsigned(bytes)) break;
      AuditChain.Checked c = LegacySeal.checkPlain(bytes, seq, prev);
      if (c.problem() != null && problem == null) problem = c.problem();
      prev = c.entry() == null ? prev : c.hash();
    }
    long end = seq - 1;
    if (seq <= head.seq()) { // a signed entry follows the unsigned ones: it must be their seal
      AuditChain.Checked s = AuditChain.check(bytes, seq, "", keys);
      LegacySeal seal = s.entry() == null ? null : LegacySeal.of(s.entry());
      boolean authentic = s.entry() != null && keys.verify(s.entry().path("keyId").asText(""), s.hash(),
          s.entry().path("mac").asText(null)) && AuditChain.hash(s.entry()).equals(s.hash());
      if (seal != null && authentic && seal.end() == end) return new Found(seal, false, true, null);
      return new Found(null, false, false, "entries 1.." + end + " of the previous release are unsigned and entry "
          + seq + " is not their seal: they were NOT sealed" + (problem == null ? "" : "; " + problem));
    }
    if (problem != null) {
      return new Found(null, false, false, "the audit log of the previous release is broken (" + problem
          + "): it was NOT sealed");
    }
    if (!prev.equals(head.hash())) {
      return new Found(null, false, false, "the unsigned entries 1.." + end + " do not end in the resumed head: they "
          + "were NOT sealed");
    }
    return new Found(new LegacySeal(end, prev), true, true, null);
  }

  private static boolean unsigned(byte[] bytes) {
    try {
      JsonNode n = AuditChain.JSON.readTree(bytes);
      return n == null || !n.isObject() || LegacySeal.unsigned(n);
    } catch (Exception e) {
      return true; // unreadable: part of the walk, reported as such
    }
  }
}
