package org.telerounds.signaling.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Signaling metrics: endpoints, joins, upgrade refusals and protocol errors by code. */
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
  public void left() { endpoints.decrementAndGet(); }
  public void error(ErrorCode c) { errors.get(c).increment(); }

  /** An HTTP request refused before any work (401/403), by stable code. */
  public void refused(String code) {
    Counter.builder("telerounds.signaling.refused").description("Requests refused by authentication or ACL")
        .tag("code", code).register(registry).increment();
  }
}
