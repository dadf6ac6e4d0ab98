package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A leg's sequence and time mapping: across a switch, and when a new leg goes on as a recycled section's stream. */
class LegRewriteTest {
  @Test
  void aLegOnARecycledSectionContinuesTheStreamItsPredecessorSent() {
    LegRewrite before = new LegRewrite(new Random(1), 90000);
    before.next(100, 1_000, 0);
    before.next(102, 7_000, 66_000_000L);
    before.next(101, 4_000, 70_000_000L); // late: the newest stays 102
    int last = before.outSeq() + 1; // 102's outgoing number
    long lastTs = before.outTs(7_000);

    LegRewrite after = new LegRewrite(new Random(2), 90000);
    after.continueFrom(before);
    assertThat(after.carried(last)).as("nothing of the new source carried yet").isFalse();
    after.next(5_000, 123_456, 1_066_000_000L); // a new source, one second after the last packet
    assertThat(after.outSeq()).isEqualTo((last + 1) & 0xFFFF);
    assertThat((after.outTs() - lastTs) & 0xFFFFFFFFL).as("a second later, at 90 kHz").isEqualTo(90_000);
    assertThat(after.beforeMapping(4_999)).as("the new source's packets before its first").isTrue();
    after.next(5_001, 126_456, 1_099_000_000L);
    assertThat(after.outSeq()).isEqualTo((last + 2) & 0xFFFF);
  }

  @Test
  void continuingFromALegThatNeverSentStartsAfresh() {
    LegRewrite after = new LegRewrite(new Random(3), 48000);
    after.continueFrom(new LegRewrite(new Random(4), 48000));
    assertThat(after.started()).isFalse();
    after.next(10, 960, 0);
    assertThat(after.started()).isTrue();
  }
}
