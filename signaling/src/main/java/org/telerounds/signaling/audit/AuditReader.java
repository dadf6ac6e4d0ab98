package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.telerounds.recorder.store.StoreException;

/**
 * Reads stored entries for {@code GET /api/audit}, by key from a seq on, without listing the
 * bucket: an entry that cannot be read or parsed is returned as a problem at its place, so one
 * bad object never hides the others. Blocking.
 */
public final class AuditReader {
  private final ObjectStoreAuditLog log;

  public AuditReader(ObjectStoreAuditLog log) {
    this.log = log;
  }

  /** Up to {@code limit} entries from number {@code fromSeq} to the head. */
  public List<JsonNode> entries(long fromSeq, int limit) throws StoreException {
    List<JsonNode> out = new ArrayList<>();
    long head = log.head().seq();
    for (long seq = fromSeq; seq <= head && out.size() < limit; seq++) {
      String key = ObjectStoreAuditLog.key(seq);
      byte[] bytes = log.store().getIfExists(key);
      if (bytes == null) {
        out.add(AuditChain.JSON.createObjectNode().put("seq", seq).put("key", key).put("problem", "missing"));
        continue;
      }
      try {
        out.add(AuditChain.JSON.readTree(bytes));
      } catch (IOException e) {
        out.add(AuditChain.JSON.createObjectNode().put("seq", seq).put("key", key).put("problem", "not valid JSON"));
      }
    }
    return out;
  }
}
