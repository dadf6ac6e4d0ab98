package org.telerounds.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When probes are asked for, and how high. */
class ProbeControllerTest {
  private final List<Long> asked = new ArrayList<>();
  private final ProbeController c = new ProbeController(10_000_000, asked::add);

  @Test
  void startsWithTwoClustersAtThreeAndSixTimesTheStartCappedAtTheLimit() {
    c.onStart(1_000_000, 0);
    assertThat(asked).containsExactly(3_000_000L, 6_000_000L);
    c.onStart(1_000_000, 10);
    assertThat(asked).as("only once").hasSize(2);
    ProbeController capped = new ProbeController(10_000_000, asked::add);
    capped.limit(2_000_000);
    asked.clear();
    capped.onStart(1_000_000, 0);
    assertThat(asked).containsExactly(2_000_000L, 2_000_000L);
  }

  @Test
  void probesFurtherWhileResultsComeNearWhatWasAskedFor() {
    c.onStart(300_000, 0);
    asked.clear();
    c.onResult(1_500_000, 1_500_000, 100); // >= 70% of 1.8 Mbit/s
    assertThat(asked).containsExactly(3_000_000L);
    c.onResult(2_000_000, 2_000_000, 200); // < 70% of 3 Mbit/s: the link is found
    assertThat(asked).hasSize(1);
    assertThat(c.waiting()).isFalse();
    c.onResult(5_000_000, 5_000_000, 300); // a late result, no search running
    assertThat(asked).hasSize(1);
  }

  @Test
  void aSearchWithoutResultTimesOutAndPeriodicProbesFollowWhileStable() {
    c.onStart(1_000_000, 0);
    asked.clear();
    c.onEstimate(1_000_000, BandwidthUsage.NORMAL, 500);
    assertThat(c.waiting()).isTrue();
    c.onEstimate(1_000_000, BandwidthUsage.NORMAL, 1_100);
    assertThat(c.waiting()).as("no result within 1 s").isFalse();
    c.onEstimate(1_000_000, BandwidthUsage.NORMAL, 4_900);
    assertThat(asked).as("not before the period").isEmpty();
    c.onEstimate(1_000_000, BandwidthUsage.NORMAL, 5_000);
    assertThat(asked).containsExactly(2_000_000L);
  }

  @Test
  void noPeriodicProbeWhileOverusingSoonAfterAFallOrAtTheLimit() {
    c.onStart(1_000_000, 0);
    c.onEstimate(1_000_000, BandwidthUsage.NORMAL, 1_100); // the start search times out
    asked.clear();
    c.onEstimate(1_000_000, BandwidthUsage.OVERUSING, 6_000);
    c.onEstimate(800_000, BandwidthUsage.NORMAL, 6_100); // a fall
    c.onEstimate(800_000, BandwidthUsage.NORMAL, 8_000);
    assertThat(asked).isEmpty();
    c.onEstimate(800_000, BandwidthUsage.NORMAL, 8_100);
    assertThat(asked).as("stable for 2 s").containsExactly(1_600_000L);
    c.onEstimate(800_000, BandwidthUsage.NORMAL, 9_200); // times out
    asked.clear();
    c.limit(800_000);
    c.onEstimate(800_000, BandwidthUsage.NORMAL, 20_000);
    assertThat(asked).as("the estimate is at the limit").isEmpty();
  }
}
