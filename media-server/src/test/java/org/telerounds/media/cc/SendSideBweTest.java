package org.telerounds.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;

/**
 * The send-side estimate on synthetic feedback, on simulated time: a bottleneck link
 * ({@link LinkSimulator}, whose sender pads probe clusters as the SFU does), the real feedback
 * generator, writer and parser between them. Times in the asserts are simulated seconds, so they
 * hold on any machine.
 */
class SendSideBweTest {
  private static final long START = 300_000;

  private static SendSideBwe bwe() {
    return new SendSideBwe(START, 50_000, 6_000_000);
  }

  @Test
  void rampsUpToTheLinkAndKeepsItsQueueShort() {
    LinkSimulator sim = new LinkSimulator(bwe(), 2_000_000);
    sim.run(30_000);
    sim.queueDelayP95AndReset();
    long before = sim.deliveredBytes;
    sim.run(20_000);
    long usedBps = (sim.deliveredBytes - before) * 8 / 20;
    long q95 = sim.queueDelayP95AndReset();
    assertThat(sim.bwe.estimateBps()).as("estimate on a 2 Mbit/s link").isBetween(1_200_000L, 2_400_000L);
    assertThat(usedBps).as("link capacity used").isGreaterThan(1_400_000L);
    assertThat(q95).as("queue delay p95, ms").isLessThan(150);
  }

  @Test
  void followsAStepDownInCapacityWithinSecondsAndAStepUpAfterIt() {
    LinkSimulator sim = new LinkSimulator(bwe(), 2_500_000);
    sim.run(30_000);
    assertThat(sim.bwe.estimateBps()).isGreaterThan(1_500_000L);
    sim.capacityBps = 600_000;
    long down = sim.runUntil(e -> e <= 660_000, 10_000);
    assertThat(down).as("simulated ms until the estimate fell to the new 600 kbit/s link").isBetween(0L, 3_000L);
    sim.run(20_000);
    assertThat(sim.bwe.estimateBps()).as("estimate while the link stays at 600 kbit/s")
        .isBetween(350_000L, 720_000L);
    sim.capacityBps = 2_500_000;
    long up = sim.runUntil(e -> e >= 1_500_000, 40_000);
    assertThat(up).as("simulated ms until the estimate climbed back past 1.5 Mbit/s").isBetween(0L, 10_000L);
    sim.queueDelayP95AndReset();
    sim.run(20_000);
    assertThat(sim.queueDelayP95AndReset()).as("queue delay p95 after the climb, ms").isLessThan(150);
  }

  @Test
  void withoutProbingTheClimbIsSlow() {
    // the estimator as it was before probing: what the probes buy
    LinkSimulator sim = new LinkSimulator(new SendSideBwe(START, 50_000, 6_000_000, false), 2_500_000);
    sim.run(30_000);
    sim.capacityBps = 600_000;
    sim.run(20_000);
    sim.capacityBps = 2_500_000;
    assertThat(sim.runUntil(e -> e >= 1_500_000, 40_000)).isGreaterThan(10_000L);
    assertThat(sim.bwe.probeClusters()).isZero();
    assertThat(sim.paddingBytes).isZero();
  }

  @Test
  void probesFindTheLinkForASenderThatUsesLittleOfItsEstimate() {
    // a subscriber whose video is suspended: audio and a little padding only; without probes the
    // estimate could not grow past 1.5 times what is acknowledged
    LinkSimulator sim = new LinkSimulator(bwe(), 2_500_000);
    sim.source = e -> 200_000;
    sim.run(20_000);
    assertThat(sim.bwe.estimateBps()).isGreaterThan(1_500_000L);
    assertThat(sim.bwe.probeRaises()).isPositive();
  }

  @Test
  void probesStopAtTheirLimit() {
    LinkSimulator sim = new LinkSimulator(bwe(), 2_500_000);
    sim.bwe.probeLimit(800_000); // all the subscriber's tracks together could use no more
    sim.source = e -> 200_000;
    sim.run(20_000);
    // a cluster may measure a little more than it was asked to send, never the whole link
    assertThat(sim.bwe.estimateBps()).isBetween(600_000L, 1_000_000L);
  }

  @Test
  void aFixedRateSourceOnATooSmallLinkIsEstimatedBelowTheLink() {
    // what the SFU sees forwarding one 1.5 Mbit/s layer to an expert on a 600 kbit/s downlink
    LinkSimulator sim = new LinkSimulator(new SendSideBwe(1_000_000, 50_000, 6_000_000), 600_000);
    sim.source = e -> 1_500_000;
    sim.run(5_000);
    assertThat(sim.bwe.estimateBps()).isLessThan(600_000L);
    sim.run(20_000);
    assertThat(sim.bwe.estimateBps()).as("stays below the link while the source overloads it").isLessThan(650_000L);
  }

  @Test
  void aLossBurstCutsTheEstimateAndItRecoversAfter() {
    LinkSimulator sim = new LinkSimulator(bwe(), 2_000_000);
    sim.run(30_000);
    long before = sim.bwe.estimateBps();
    sim.lossRatio = 0.25;
    sim.run(3_000);
    long during = sim.bwe.estimateBps();
    assertThat(sim.bwe.lossRatio()).isGreaterThan(0.15);
    assertThat(during).as("estimate after 3 s of 25% loss").isLessThan((long) (before * 0.6));
    sim.lossRatio = 0;
    long back = sim.runUntil(e -> e >= before * 0.8, 40_000);
    assertThat(back).as("simulated ms to recover 80% of the estimate").isBetween(0L, 40_000L);
  }

  @Test
  void lowRandomLossAloneDoesNotCollapseTheEstimate() {
    LinkSimulator sim = new LinkSimulator(bwe(), 2_000_000);
    sim.lossRatio = 0.01;
    sim.run(40_000);
    assertThat(sim.bwe.estimateBps()).isGreaterThan(1_000_000L);
  }

  @Test
  void feedbackForPacketsNeverSentIsCountedAndIgnored() {
    SendSideBwe bwe = bwe();
    BitSet all = new BitSet();
    all.set(0, 5);
    TransportCc bogus = new TransportCc(1, 2, 100, 5, 10, 0, List.of(1, 1, 1, 1, 1), 5, all);
    bwe.onFeedback(bogus, 1_000_000); // nothing sent yet
    for (int i = 0; i < 3; i++) bwe.onPacketSent(1_000_000 + i, 1000);
    bwe.onFeedback(bogus, 1_100_000); // names 100..104; only 0..2 were sent
    assertThat(bwe.unknownPackets()).isEqualTo(10);
    assertThat(bwe.estimateBps()).isEqualTo(START);
    BitSet tooMany = new BitSet();
    tooMany.set(0, 3);
    TransportCc fewerDeltas = new TransportCc(1, 2, 0, 3, 10, 1, List.of(1), 1, tooMany);
    bwe.onFeedback(fewerDeltas, 1_200_000); // claims 3 receptions, carries 1 delta: no exception
    assertThat(bwe.feedbacks()).isEqualTo(3);
  }

  @Test
  void badLimitsAreRefused() {
    assertThatThrownBy(() -> new SendSideBwe(10, 50, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SendSideBwe(100, 0, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
