package org.telerounds.signaling.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.telerounds.recorder.store.StoreException;
import org.telerounds.signaling.audit.AuditChain;
import org.telerounds.signaling.audit.ObjectStoreAuditLog;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.ws.Json;

/**
 * {@code /api/audit}: admins read the audit log; admins and auditors verify its hash chain.
 * Reading and verifying are audited too. Runs on the blocking executor.
 */
final class AuditRoutes {
  private final ObjectStoreAuditLog log;
  private final AccessAudit audit;

  AuditRoutes(ObjectStoreAuditLog log, AccessAudit audit) {
    this.log = log;
    this.audit = audit;
  }

  void handle(RestCall call) throws StoreException {
    Role role = call.claims().role();
    boolean get = call.method().equals("GET");
    if (call.path().equals("/api/audit/verify")) {
      if (!(get && (role == Role.ADMIN || role == Role.AUDITOR))) {
        refuse(call, "audit.verify");
        return;
      }
      AuditChain.Verification v = log.verify();
      if (!audit.logged(call, "-", "audit.verify", v.entries() + " entries", v.valid() ? "valid" : "invalid")) return;
      ObjectNode out = Json.message("audit.verification").put("valid", v.valid()).put("entries", v.entries())
          .put("headHash", v.headHash());
      if (!v.valid()) out.put("firstBadSeq", v.firstBadSeq()).put("reason", v.reason());
      call.reply(HttpResponseStatus.OK, out);
    } else if (call.path().equals("/api/audit")) {
      if (!(get && role == Role.ADMIN)) {
        refuse(call, "audit.read");
        return;
      }
      long from;
      int limit;
      try {
        from = Long.parseLong(orDefault(call.param("from"), "1"));
        limit = Integer.parseInt(orDefault(call.param("limit"), "100"));
        if (from < 1 || limit < 1 || limit > 1000) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        call.error(HttpResponseStatus.BAD_REQUEST, "bad-query", "from must be >= 1 and limit from 1 to 1000");
        return;
      }
      var entries = log.entries(from, limit);
      if (!audit.logged(call, "-", "audit.read", "from " + from + ", " + entries.size() + " entries", "ok")) return;
      ObjectNode out = Json.message("audit.entries");
      ArrayNode list = out.putArray("entries");
      entries.forEach(list::add);
      call.reply(HttpResponseStatus.OK, out);
    } else {
      call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no such path");
    }
  }

  private void refuse(RestCall call, String action) {
    audit.refused(call, "-", action, call.method() + " " + call.path());
    call.error(HttpResponseStatus.FORBIDDEN, "forbidden",
        "role " + call.claims().role().wireName() + " may not " + call.method() + " " + call.path());
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }
}
