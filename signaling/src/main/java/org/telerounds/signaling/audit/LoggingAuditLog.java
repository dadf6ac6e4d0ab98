package org.telerounds.signaling.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes audit records to the {@code audit} logger, one line each, until durable storage exists. */
public final class LoggingAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("audit");

  @Override
  public void record(String actor, String actorRole, String room, String action, String detail, String outcome) {
    LOG.info("actor={} role={} room={} action={} detail={} outcome={}", actor, actorRole, room, action, detail,
        outcome);
  }
}
