package org.telerounds.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Probe clusters run one at a time, at their rate, for their minimum duration and packet count. */
class ProbePacerTest {
  @Test
  void withoutAClusterNothingIsDueOrTagged() {
    ProbePacer p = new ProbePacer();
    assertThat(p.bytesDue(0)).isZero();
    assertThat(p.onSent(0, 1000)).isEqualTo(-1);
    assertThat(p.busy()).isFalse();
  }

  @Test
  void aClusterStartsWithOnePacketAndThenKeepsItsRate() {
    ProbePacer p = new ProbePacer();
    p.request(1_600_000); // 200 bytes per ms
    assertThat(p.bytesDue(10_000)).as("a packet at once").isEqualTo(1);
    assertThat(p.onSent(10_000, 300)).isEqualTo(0);
    assertThat(p.bytesDue(11_000)).as("1 ms later, 300 B sent").isZero();
    assertThat(p.bytesDue(15_000)).as("5 ms: 1000 B allowed").isEqualTo(700);
    assertThat(p.onSent(15_000, 1200)).as("media sent meanwhile counts too").isEqualTo(0);
    assertThat(p.bytesDue(16_000)).isZero();
  }

  @Test
  void aClusterEndsAfterItsDurationAndPacketsAndTheNextOneStarts() {
    ProbePacer p = new ProbePacer();
    p.request(1_000_000);
    p.request(2_000_000);
    for (int i = 0; i < 5; i++) assertThat(p.onSent(i * 1_000L, 100)).isEqualTo(0);
    assertThat(p.onSent(14_000, 100)).as("5 packets, but not 15 ms yet").isEqualTo(0);
    assertThat(p.onSent(15_000, 100)).as("the second cluster").isEqualTo(1);
    assertThat(p.clusters()).isEqualTo(2);
    for (int i = 0; i < 3; i++) p.onSent(16_000 + i, 100);
    assertThat(p.onSent(31_000, 100)).as("15 ms but only 4 packets: still running").isEqualTo(1);
    assertThat(p.onSent(31_500, 100)).as("both done").isEqualTo(-1);
    assertThat(p.busy()).isFalse();
  }

  @Test
  void aClusterThatCannotBePaddedGivesUpAfterItsLongestDuration() {
    ProbePacer p = new ProbePacer();
    p.request(1_000_000);
    assertThat(p.bytesDue(0)).isEqualTo(1);
    assertThat(p.bytesDue(ProbePacer.MAX_DURATION_US - 1)).isPositive();
    assertThat(p.bytesDue(ProbePacer.MAX_DURATION_US)).isZero();
    assertThat(p.busy()).isFalse();
  }

  @Test
  void theQueueIsBoundedAndRefusesNonsense() {
    ProbePacer p = new ProbePacer();
    for (int i = 0; i < ProbePacer.QUEUE; i++) assertThat(p.request(1_000_000)).isTrue();
    assertThat(p.request(1_000_000)).isFalse();
    assertThat(new ProbePacer().request(0)).isFalse();
  }
}
