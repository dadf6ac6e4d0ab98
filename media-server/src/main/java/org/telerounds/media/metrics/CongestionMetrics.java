package org.telerounds.media.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Transport-wide congestion control in {@code /metrics}: feedback sent to publishers and received
 * from subscribers, reported packets the server cannot place, and a histogram of the subscribers'
 * estimates (sampled once per report interval per subscriber). No labels: one series each.
 */
public final class CongestionMetrics {
  private static final double[] ESTIMATE_BUCKETS = {
      100_000, 200_000, 300_000, 500_000, 750_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000};

  private final Counter feedbackSent;
  private final Counter feedbackReceived;
  private final Counter unknownPackets;
  private final DistributionSummary estimates;
  private final Counter suspended;
  private final Counter resumed;
  private final Counter paddingBytes;

  public CongestionMetrics(MeterRegistry registry) {
    feedbackSent = Counter.builder("telerounds.media.twcc.feedback.sent")
        .description("Transport-wide CC feedback packets sent to publishers").register(registry);
    feedbackReceived = Counter.builder("telerounds.media.twcc.feedback.received")
        .description("Transport-wide CC feedback packets received from subscribers").register(registry);
    unknownPackets = Counter.builder("telerounds.media.twcc.unknown.packets")
        .description("Sequence numbers in subscribers' feedback that the server never sent or no longer remembers")
        .register(registry);
    estimates = DistributionSummary.builder("telerounds.media.subscriber.estimate")
        .description("Send-side bandwidth estimate per subscriber, sampled every report interval")
        .baseUnit("bps").serviceLevelObjectives(ESTIMATE_BUCKETS).register(registry);
    suspended = Counter.builder("telerounds.media.video.switches").tag("direction", "suspend").tag("reason", "bandwidth")
        .description("Video legs suspended or resumed for a subscriber, by the subscriber's estimate").register(registry);
    resumed = Counter.builder("telerounds.media.video.switches").tag("direction", "resume").tag("reason", "bandwidth")
        .description("Video legs suspended or resumed for a subscriber, by the subscriber's estimate").register(registry);
    paddingBytes = Counter.builder("telerounds.media.probe.padding").baseUnit("bytes")
        .description("Padding sent to subscribers to probe for bandwidth: probe clusters, and while a video leg is suspended")
        .register(registry);
  }

  public void suspended() { suspended.increment(); }
  public void resumed() { resumed.increment(); }
  public void padding(int bytes) { paddingBytes.increment(bytes); }

  public void feedbackSent(int n) { feedbackSent.increment(n); }
  public void feedbackReceived() { feedbackReceived.increment(); }
  public void unknownPackets(long n) { if (n > 0) unknownPackets.increment(n); }
  public void estimate(long bps) { estimates.record(bps); }
  public double feedbackSentCount() { return feedbackSent.count(); }
  public double feedbackReceivedCount() { return feedbackReceived.count(); }
}
