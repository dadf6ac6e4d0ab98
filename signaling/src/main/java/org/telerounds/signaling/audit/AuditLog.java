package org.telerounds.signaling.audit;

/**
 * Where auditable actions go: who did what to which round, and the outcome. The recorder issue
 * replaces the logging implementation with an append-only, hash-chained store in object storage.
 */
public interface AuditLog {
  /** {@code actor} is the token subject; no patient data and no secrets may appear in any field. */
  void record(String actor, String actorRole, String room, String action, String detail, String outcome);
}
