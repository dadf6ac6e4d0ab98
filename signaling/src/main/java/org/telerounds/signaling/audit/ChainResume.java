package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.StoreException;

/**
 * Finds where the chain continues when the writer starts, and compares the store with the latest
 * checkpoint: fewer entries than the checkpoint says (truncated while the server was stopped), or
 * another hash at the checkpoint's entry (rewritten), is reported as tampering. The chain then
 * continues after whichever is further, the checkpoint or the store, so the gap stays visible to
 * every later verify instead of being papered over. Blocking.
 */
final class ChainResume {
  private static final Logger LOG = LoggerFactory.getLogger("audit");

  /** Where to continue: the last entry's seq and hash, and the tampering found (null if none). */
  record Head(long seq, String hash, String problem) {}

  private ChainResume() {}

  static Head resume(ObjectStore store, Checkpoint checkpoint, boolean checkpointFileExisted) throws StoreException {
    if (checkpoint == null) return fromListing(store, checkpointFileExisted);
    String problem = null;
    byte[] at = store.getIfExists(ObjectStoreAuditLog.key(checkpoint.seq()));
    if (at == null) {
      problem = "entry " + checkpoint.seq() + " named by the last checkpoint is missing from the store: the log was "
          + "truncated";
    } else if (!checkpoint.hash().equals(field(at, "hash"))) {
      problem = "entry " + checkpoint.seq() + " differs from the last checkpoint: the log was rewritten";
    }
    Head end = after(store, checkpoint.seq(), checkpoint.hash());
    if (problem != null) LOG.error("audit log: TAMPERING: {}; GET /api/audit/verify reports it", problem);
    return new Head(end.seq(), end.hash(), problem);
  }

  /** Without a checkpoint: the last listed entry (a new log, or one from before checkpoints). */
  private static Head fromListing(ObjectStore store, boolean checkpointFileExisted) throws StoreException {
    List<ObjectStore.Entry> all = store.list(ObjectStoreAuditLog.PREFIX);
    if (all.isEmpty()) {
      // An empty listing is trusted only if entry 1 is really absent: a listing that lags behind
      // the store (seen once, at an upgrade) would otherwise restart the chain over live entries.
      Head end = after(store, 0, AuditChain.GENESIS);
      if (end.seq() > 0) {
        LOG.warn("audit log: the store's listing showed no entries but entries 1..{} are there; continuing after them",
            end.seq());
      }
      return end;
    }
    byte[] last = store.get(all.get(all.size() - 1).key());
    long seq;
    try {
      seq = AuditChain.JSON.readTree(last).path("seq").asLong();
    } catch (IOException e) {
      throw new StoreException("the last audit entry cannot be read: " + e.getMessage(), e);
    }
    String problem = null;
    if (checkpointFileExisted) {
      problem = "the checkpoint file holds no valid checkpoint but the store holds " + all.size() + " entries";
      LOG.error("audit log: TAMPERING: {}", problem);
    } else {
      LOG.warn("audit log: {} entries but no checkpoint file yet; they are checked against checkpoints from now on",
          all.size());
    }
    return new Head(seq, field(last, "hash"), problem);
  }

  /**
   * The last of the entries stored right after entry {@code seq} (whose hash is {@code hash}), one
   * GET each until the first missing one: {@code (seq, hash)} itself when entry {@code seq + 1} is absent.
   */
  static Head after(ObjectStore store, long seq, String hash) throws StoreException {
    for (byte[] next; (next = store.getIfExists(ObjectStoreAuditLog.key(seq + 1))) != null; ) {
      seq++;
      hash = field(next, "hash");
    }
    return new Head(seq, hash, null);
  }

  private static String field(byte[] entry, String name) {
    try {
      JsonNode n = AuditChain.JSON.readTree(entry);
      return n.path(name).asText("");
    } catch (IOException e) {
      return "";
    }
  }
}
