package org.telerounds.signaling.archive;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.signaling.audit.AuditEvent;
import org.telerounds.signaling.audit.AuditLog;

/**
 * Writes an access to the audit log and waits until it is stored, on a blocking thread. An access
 * that cannot be audited is refused (503): nothing is served without its trace.
 */
final class AccessAudit {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.archive");
  private static final long WAIT_SECONDS = 10;
  private final AuditLog log;

  AccessAudit(AuditLog log) {
    this.log = log;
  }

  /** True once stored; otherwise replies 503 and returns false. */
  boolean logged(RestCall call, String target, String action, String detail, String outcome) {
    AuditEvent e = new AuditEvent(call.claims().subject(), call.claims().role().wireName(), call.from(), target,
        action, detail, outcome);
    try {
      log.append(e).get(WAIT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    } catch (Exception ex) {
      LOG.warn("audit log unavailable, refusing {}: {}", action, ex.toString());
    }
    call.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "audit-unavailable",
        "the audit log cannot be written now, so this access is refused; try again later");
    return false;
  }

  /** Records a refused request without waiting (the refusal is sent anyway). */
  void refused(RestCall call, String target, String action, String why) {
    log.append(new AuditEvent(call.claims().subject(), call.claims().role().wireName(), call.from(), target, action,
        why, "forbidden"));
  }
}
