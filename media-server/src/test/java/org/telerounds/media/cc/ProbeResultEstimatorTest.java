package org.telerounds.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The rate a probe cluster measured, from its packets' send and arrival times. */
class ProbeResultEstimatorTest {
  private static final int SIZE = 1000;

  /** Sends {@code n} packets of cluster {@code id}, {@code sendGapMs} apart; acks the first {@code acked}. */
  private static long cluster(ProbeResultEstimator e, int id, int n, int acked, double sendGapMs, double arrivalGapMs) {
    for (int i = 0; i < n; i++) e.onSent(id, SIZE);
    long result = -1;
    for (int i = 0; i < acked; i++) {
      result = e.onAcked(id, 1000 + i * sendGapMs, 1050 + i * arrivalGapMs, SIZE);
    }
    return result;
  }

  @Test
  void anUnsaturatedClusterMeasuresItsSendRate() {
    // 10 x 1000 B, 1 ms apart: 9000 B over 9 ms = 8 Mbit/s sent, arrivals as spaced
    long r = cluster(new ProbeResultEstimator(), 0, 10, 10, 1.0, 1.0);
    assertThat((double) r).isCloseTo(8_000_000, within(1_000.0));
  }

  @Test
  void theResultIsTheSmallerOfSendAndReceiveRate() {
    // arrivals a little more spread than sends (receive rate 7.5 Mbit/s, over 90% of the send rate)
    long slower = cluster(new ProbeResultEstimator(), 0, 10, 10, 1.0, 9.6 / 9);
    assertThat((double) slower).isCloseTo(7_500_000, within(1_000.0));
    // arrivals bunched (receive rate 1.5 times the send rate, within the valid 2x): the send rate
    long faster = cluster(new ProbeResultEstimator(), 0, 10, 10, 1.0, 1 / 1.5);
    assertThat((double) faster).isCloseTo(8_000_000, within(1_000.0));
  }

  @Test
  void aSaturatedLinkGivesSlightlyLessThanWhatGotThrough() {
    // received at half the send rate: the link was full, 95% of the receive rate
    long r = cluster(new ProbeResultEstimator(), 0, 10, 10, 1.0, 2.0);
    assertThat((double) r).isCloseTo(0.95 * 4_000_000, within(1_000.0));
  }

  @Test
  void tooSmallOrTooPoorlyAcknowledgedClustersAreIgnored() {
    assertThat(cluster(new ProbeResultEstimator(), 0, 4, 4, 1.0, 1.0)).as("4 packets").isEqualTo(-1);
    assertThat(cluster(new ProbeResultEstimator(), 0, 10, 7, 1.0, 1.0)).as("7 of 10 acked").isEqualTo(-1);
    assertThat(cluster(new ProbeResultEstimator(), 0, 10, 8, 1.0, 1.0)).as("8 of 10 acked").isPositive();
  }

  @Test
  void degenerateSpansAndBunchedArrivalsGiveNoResult() {
    assertThat(cluster(new ProbeResultEstimator(), 0, 10, 10, 0.0, 1.0)).as("all sent at once").isEqualTo(-1);
    assertThat(cluster(new ProbeResultEstimator(), 0, 10, 10, 1.0, 0.0)).as("all arrived at once").isEqualTo(-1);
    assertThat(cluster(new ProbeResultEstimator(), 0, 10, 10, 200.0, 200.0)).as("over a second").isEqualTo(-1);
    assertThat(cluster(new ProbeResultEstimator(), 0, 10, 10, 1.0, 0.4)).as("received 2.5x faster").isEqualTo(-1);
  }

  @Test
  void unknownNegativeAndForgottenClustersAreIgnored() {
    ProbeResultEstimator e = new ProbeResultEstimator();
    assertThat(e.onAcked(3, 1000, 1050, SIZE)).as("never sent").isEqualTo(-1);
    assertThat(e.onAcked(-1, 1000, 1050, SIZE)).as("no cluster").isEqualTo(-1);
    e.onSent(-1, SIZE); // not a cluster: nothing to count
    cluster(e, 1, 10, 0, 1.0, 1.0);
    cluster(e, 1 + ProbeResultEstimator.SLOTS, 10, 0, 1.0, 1.0); // takes cluster 1's slot
    assertThat(cluster(e, 1, 0, 10, 1.0, 1.0)).as("feedback for a forgotten cluster").isEqualTo(-1);
    assertThat(cluster(e, 1 + ProbeResultEstimator.SLOTS, 0, 10, 1.0, 1.0)).isPositive();
  }
}
