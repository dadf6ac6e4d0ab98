package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.telerounds.media.cc.SendSideBwe;
import org.telerounds.media.metrics.CongestionMetrics;

/** Probe padding: asked for only while the estimator runs a cluster, and only with transport-cc. */
class SubscriberBandwidthTest {
  private long nanos = 1_000_000_000L;
  private final AtomicInteger listed = new AtomicInteger();
  private final Supplier<List<DownTrack>> legs = () -> {
    listed.incrementAndGet();
    return List.of(); // no leg can carry padding: nothing is sent, nothing fails
  };

  private SubscriberBandwidth bandwidth(boolean probing) {
    return new SubscriberBandwidth(new SendSideBwe(1_000_000, 50_000, 10_000_000, probing), () -> nanos,
        new CongestionMetrics(new SimpleMeterRegistry()));
  }

  @Test
  void theLegsAreListedOnlyWhileAProbeClusterRuns() {
    SubscriberBandwidth b = bandwidth(true);
    b.sendProbe(legs);
    assertThat(listed).as("no transport-cc").hasValue(0);
    b.negotiated(3);
    b.sendProbe(legs);
    assertThat(listed).as("nothing sent yet: no cluster").hasValue(0);
    b.onSent(1200); // the first packet starts the initial probes
    nanos += 5_000_000;
    b.sendProbe(legs);
    assertThat(listed).hasValue(1);
    nanos += 1_000_000_000L; // the first cluster gave up (nothing could pad it): the second starts
    b.sendProbe(legs);
    assertThat(listed).hasValue(2);
    nanos += 1_000_000_000L; // and gave up too
    b.sendProbe(legs);
    assertThat(listed).hasValue(2);
  }

  @Test
  void withProbingOffNothingIsEverDue() {
    SubscriberBandwidth b = bandwidth(false);
    b.negotiated(3);
    b.onSent(1200);
    nanos += 5_000_000;
    b.sendProbe(legs);
    assertThat(listed).hasValue(0);
  }
}
