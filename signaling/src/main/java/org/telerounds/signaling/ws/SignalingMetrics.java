package org.telerounds.signaling.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signaling metrics: endpoints, joins, resumes, upgrade refusals, protocol errors by code, and the HTTP
 * listener's open connections, refusals over a cap and idle closes (labels: reason, kind).
 */
public final class SignalingMetrics {
  private final AtomicInteger endpoints = new AtomicInteger();
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final MeterRegistry registry;

  public SignalingMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("telerounds.signaling.endpoints", endpoints);
    for (ErrorCode c : ErrorCode.values()) {
      errors.put(c, Counter.builder("telerounds.signaling.errors").description("Protocol errors sent, by code")
          .tag("code", c.wire()).register(registry));
    }
  }

  public void joined() { endpoints.incrementAndGet(); }

  /**
   * A joined session's WebSocket dropped ({@code event} "detached"), it was taken up again by a new
   * connection ("resumed"), or its resume window ran out ("expired"), or a resume was asked for with
   * a token that is unknown, ended or another client's ("refused"; the client joins afresh).
   */
  public void resume(String event) {
    Counter.builder("telerounds.signaling.resume").description("Session resume events")
        .tag("event", event).register(registry).increment();
  }
  public void left() { endpoints.decrementAndGet(); }
  public void error(ErrorCode c) { errors.get(c).increment(); }

  /** Registers the gauge of open HTTP/WebSocket connections. */
  public void connectionGauge(java.util.function.Supplier<Number> open) {
    io.micrometer.core.instrument.Gauge.builder("telerounds.signaling.connections", open)
        .description("Open HTTP and WebSocket connections").register(registry);
  }

  /** A new connection reset because a cap was reached; {@code reason} is "total" or "per-ip". */
  public void connectionRefused(String reason) {
    Counter.builder("telerounds.signaling.connections.refused").description("New connections refused over a cap")
        .tag("reason", reason).register(registry).increment();
  }

  /** A connection closed for idleness; {@code kind} is "http" or "websocket". */
  public void idleClosed(String kind) {
    Counter.builder("telerounds.signaling.connections.idle.closed").description("Connections closed when idle")
        .tag("kind", kind).register(registry).increment();
  }

  /** An HTTP request refused before any work (401/403), by stable code. */
  public void refused(String code) {
    Counter.builder("telerounds.signaling.refused").description("Requests refused by authentication or ACL")
        .tag("code", code).register(registry).increment();
  }
}
