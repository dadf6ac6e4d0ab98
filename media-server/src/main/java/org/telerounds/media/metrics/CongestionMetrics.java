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
  private final io.micrometer.core.instrument.Timer pacerDelay;
  private final java.util.Map<String, Counter> pacerDrops = new java.util.HashMap<>();

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
    pacerDelay = io.micrometer.core.instrument.Timer.builder("telerounds.media.pacer.queue.delay")
        .description("How long each paced packet (video, retransmission) waited in its subscriber's pacer")
        .serviceLevelObjectives(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5),
            java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(25), java.time.Duration.ofMillis(50),
            java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(150), java.time.Duration.ofMillis(250),
            java.time.Duration.ofMillis(500))
        .register(registry);
    for (String p : new String[] {"rtx", "video_base", "video_upper"}) {
      pacerDrops.put(p, Counter.builder("telerounds.media.pacer.drops").tag("priority", p)
          .description("Packets a subscriber's pacer refused because its queue was full").register(registry));
    }
  }

  /** A paced packet left after waiting {@code nanos}. */
  public void pacerQueueDelay(long nanos) { pacerDelay.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS); }

  /** A pacer's queue was full: a packet of that priority ({@code rtx}, {@code video_base}, {@code video_upper}) was dropped. */
  public void pacerDrop(String priority) {
    Counter c = pacerDrops.get(priority);
    if (c != null) c.increment();
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
