package org.telerounds.signaling.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import org.telerounds.recorder.store.StoreException;
import org.telerounds.signaling.audit.AuditChain;
import org.telerounds.signaling.audit.AuditService;
import org.telerounds.signaling.audit.AuditVerifier;
import org.telerounds.signaling.audit.FullVerifyJobs;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.ws.Json;

/**
 * {@code /api/audit}: admins read the audit log; admins and auditors verify it, incrementally
 * ({@code GET /api/audit/verify}: only what is new since the last good check) or fully, as a
 * background job ({@code POST /api/audit/verify/full}, then poll {@code GET
 * /api/audit/verify/full/{id}}). Reading and verifying are audited too. Runs on the blocking
 * executor; a full check runs on its own thread.
 */
final class AuditRoutes {
  private static final String FULL = "/api/audit/verify/full";
  private final AuditService log;
  private final AccessAudit audit;

  AuditRoutes(AuditService log, AccessAudit audit) {
    this.log = log;
    this.audit = audit;
  }

  void handle(RestCall call) throws StoreException {
    Role role = call.claims().role();
    boolean verifier = role == Role.ADMIN || role == Role.AUDITOR;
    String path = call.path();
    String method = call.method();
    if (path.equals("/api/audit/verify")) {
      if (!(method.equals("GET") && verifier)) {
        refuse(call, "audit.verify");
        return;
      }
      AuditVerifier.Result r = log.verifier().incremental();
      AuditChain.Verification v = r.verification();
      if (!audit.logged(call, "-", "audit.verify", "incremental, " + v.checked() + " checked, " + v.entries()
          + " entries", v.valid() ? "valid" : "invalid")) {
        return;
      }
      ObjectNode out = Json.message("audit.verification").put("mode", "incremental").put("complete", r.complete());
      call.reply(HttpResponseStatus.OK, verification(out, v));
    } else if (path.equals(FULL)) {
      if (!(method.equals("POST") && verifier)) {
        refuse(call, "audit.verify-full");
        return;
      }
      FullVerifyJobs.Job job = log.jobs().start(log.chain().head().seq());
      if (!audit.logged(call, "-", "audit.verify-full", "job " + job.id(), "started")) return;
      call.reply(HttpResponseStatus.ACCEPTED, job(job).put("poll", FULL + "/" + job.id()));
    } else if (path.startsWith(FULL + "/")) {
      if (!(method.equals("GET") && verifier)) {
        refuse(call, "audit.verify-full");
        return;
      }
      Optional<FullVerifyJobs.Job> job = log.jobs().find(path.substring(FULL.length() + 1));
      if (job.isEmpty()) {
        call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no such verify job (the last 20 are kept)");
        return;
      }
      FullVerifyJobs.Job j = job.get();
      String outcome = !j.done() ? "running" : j.error() != null ? "failed"
          : j.result().verification().valid() ? "valid" : "invalid";
      if (!audit.logged(call, "-", "audit.verify-full", "job " + j.id() + ", " + j.checked() + "/" + j.total(),
          outcome)) {
        return;
      }
      call.reply(HttpResponseStatus.OK, job(j));
    } else if (path.equals("/api/audit")) {
      if (!(method.equals("GET") && role == Role.ADMIN)) {
        refuse(call, "audit.read");
        return;
      }
      read(call);
    } else {
      call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no such path");
    }
  }

  private void read(RestCall call) throws StoreException {
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
    var entries = log.reader().entries(from, limit);
    if (!audit.logged(call, "-", "audit.read", "from " + from + ", " + entries.size() + " entries", "ok")) return;
    ObjectNode out = Json.message("audit.entries");
    ArrayNode list = out.putArray("entries");
    entries.forEach(list::add);
    call.reply(HttpResponseStatus.OK, out);
  }

  private static ObjectNode job(FullVerifyJobs.Job j) {
    ObjectNode out = Json.message("audit.verify-job").put("jobId", j.id()).put("checked", j.checked())
        .put("total", j.total()).put("state", !j.done() ? "running" : j.error() != null ? "failed" : "done");
    if (j.error() != null) out.put("error", j.error());
    if (j.result() != null) out.set("result", verification(Json.MAPPER.createObjectNode().put("mode", "full"),
        j.result().verification()));
    return out;
  }

  private static ObjectNode verification(ObjectNode out, AuditChain.Verification v) {
    out.put("valid", v.valid()).put("entries", v.entries()).put("headHash", v.headHash()).put("checked", v.checked())
        .put("legacyEntries", v.legacyEntries());
    if (!v.valid()) out.put("firstBadSeq", v.firstBadSeq()).put("reason", v.reason());
    return out;
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
