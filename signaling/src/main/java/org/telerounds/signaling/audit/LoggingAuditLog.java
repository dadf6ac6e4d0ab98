package org.telerounds.signaling.audit;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit records to the {@code audit} logger, one line each. Used only when recording is off
 * (there is no object store for the hash-chained log then).
 */
public final class LoggingAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("audit");

  @Override
  public CompletableFuture<Void> append(AuditEvent e) {
    LOG.info("actor={} role={} from={} target={} action={} detail={} outcome={}", e.actor(), e.role(), e.from(),
        e.target(), e.action(), e.detail(), e.outcome());
    return CompletableFuture.completedFuture(null);
  }
}
