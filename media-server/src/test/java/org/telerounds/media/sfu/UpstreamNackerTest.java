package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamNackerTest {
  @Test
  void nacksGapAtOnceThenRetriesUntilRecovered() {
    UpstreamNacker n = new UpstreamNacker(3, 40);
    n.onPacket(100);
    n.onPacket(101);
    n.onPacket(104);
    assertThat(n.due(1000)).containsExactly(102, 103);
    assertThat(n.due(1020)).as("not yet due again").isEmpty();
    assertThat(n.onPacket(102)).as("late packet fills the gap").isTrue();
    assertThat(n.due(1040)).containsExactly(103);
    assertThat(n.due(1080)).containsExactly(103);
    assertThat(n.due(1120)).as("gives up after 3 tries").isEmpty();
    assertThat(n.missingCount()).isZero();
  }

  @Test
  void handlesWrapAroundAndIgnoresDuplicates() {
    UpstreamNacker n = new UpstreamNacker(5, 40);
    n.onPacket(65534);
    n.onPacket(1);
    assertThat(n.due(0)).containsExactly(65535, 0);
    assertThat(n.onPacket(1)).isFalse();
    assertThat(n.onPacket(65535)).isTrue();
  }

  @Test
  void hugeGapResetsInsteadOfFlooding() {
    UpstreamNacker n = new UpstreamNacker(5, 40);
    n.onPacket(10);
    n.onPacket(5000);
    assertThat(n.due(0)).isEmpty();
    n.onPacket(5300);
    assertThat(n.missingCount()).isEqualTo(UpstreamNacker.MAX_MISSING);
  }
}
