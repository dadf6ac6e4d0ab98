package org.telerounds.signaling.audit;

/**
 * One auditable action: who ({@code actor}, the token subject, and {@code role}), from where (the
 * client's IP address, or "-"), on what ({@code target}: a room or round id, or "-"), what
 * ({@code action}), details and the outcome. No patient data and no secrets may appear in any field.
 */
public record AuditEvent(String actor, String role, String from, String target, String action, String detail,
    String outcome) {
  public AuditEvent {
    actor = orDash(actor);
    role = orDash(role);
    from = orDash(from);
    target = orDash(target);
    action = orDash(action);
    detail = detail == null ? "" : detail;
    outcome = orDash(outcome);
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
