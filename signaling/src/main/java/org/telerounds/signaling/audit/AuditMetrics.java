package org.telerounds.signaling.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * The audit log's meters, low-cardinality: entries stored, entries lost (by reason: overflow,
 * shutdown, error), live actions folded into coalesced entries, entries read back by verify, the
 * queue's depth and whether the store takes writes.
 */
final class AuditMetrics {
  final Counter appended;
  final Counter overflow;
  final Counter shutdown;
  final Counter failed;
  final Counter coalesced;
  final Counter verified;
  private final MeterRegistry registry;

  AuditMetrics(MeterRegistry registry, Collection<?> queue, BooleanSupplier storeUp) {
    this.registry = registry;
    appended = Counter.builder("telerounds_audit_entries").description("audit entries stored").register(registry);
    overflow = dropped(registry, "overflow");
    shutdown = dropped(registry, "shutdown");
    failed = dropped(registry, "error");
    coalesced = Counter.builder("telerounds_audit_coalesced")
        .description("live-round actions folded into a coalesced audit entry").register(registry);
    verified = Counter.builder("telerounds_audit_verified_entries")
        .description("audit entries read back from the store and checked by verify").register(registry);
    Gauge.builder("telerounds_audit_pending", queue, Collection::size)
        .description("audit entries waiting to be stored").register(registry);
    Gauge.builder("telerounds_audit_store_up", storeUp, s -> s.getAsBoolean() ? 1 : 0)
        .description("1 while the audit log can write to the object store").register(registry);
  }

  /** {@code telerounds_audit_chain_valid}: the last full check's outcome (1 valid, 0 invalid, -1 none yet). */
  void chainValid(java.util.function.IntSupplier outcome) {
    Gauge.builder("telerounds_audit_chain_valid", outcome, o -> o.getAsInt())
        .description("outcome of the last full check of the audit chain: 1 valid, 0 INVALID, -1 none yet")
        .register(registry);
  }

  private static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder("telerounds_audit_dropped").tag("reason", reason)
        .description("audit entries that were never stored (each also logged as an error)").register(registry);
  }
}
