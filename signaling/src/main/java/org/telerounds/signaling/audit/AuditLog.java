package org.telerounds.signaling.audit;

import java.util.concurrent.CompletableFuture;

/**
 * Where auditable actions go. {@link #append} completes once the entry is durable, so an access
 * that must leave a trace waits for it (on a blocking thread, never an event loop) and is refused
 * when it cannot be written.
 */
public interface AuditLog {
  CompletableFuture<Void> append(AuditEvent event);

  /** Fire-and-forget form for actions in live rounds; {@code actor} is the token subject. */
  default void record(String actor, String actorRole, String room, String action, String detail, String outcome) {
    append(new AuditEvent(actor, actorRole, "-", room, action, detail, outcome));
  }
}
