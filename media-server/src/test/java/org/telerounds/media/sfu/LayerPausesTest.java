package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pausing unused simulcast layers at the publisher, on a fake clock. */
class LayerPausesTest {
  private static final long[] SENDING = {150_000, 500_000, 1_500_000};
  private static final long[] NOTHING = {0, 0, 0};

  @Test
  void aLayerNoOneNeedsIsPausedAfterTheHold_andResumedAtOnceWhenNeeded() {
    LayerPauses p = new LayerPauses(3, 5_000, 0);
    assertThat(p.activeMask()).isEqualTo(0b111);
    assertThat(p.update(0b100, SENDING, 1_000)).as("within the hold").isEqualTo(-1);
    assertThat(p.update(0b100, SENDING, 4_999)).isEqualTo(-1);
    assertThat(p.update(0b100, SENDING, 5_000)).as("q and h unused for 5 s").isEqualTo(0b100);
    assertThat(p.active(0)).isFalse();
    assertThat(p.update(0b100, new long[] {0, 0, 1_500_000}, 6_000)).isEqualTo(-1);
    assertThat(p.bitrateBps(0, 0)).as("a paused layer shows what it sent").isEqualTo(150_000);
    assertThat(p.bitrateBps(2, 1_400_000)).isEqualTo(1_400_000);
    assertThat(p.update(0b101, new long[] {0, 0, 1_500_000}, 6_100)).as("an expert needs q: at once")
        .isEqualTo(0b101);
    assertThat(p.bitrateBps(1, 0)).isEqualTo(500_000);
    assertThat(p.update(0b001, SENDING, 6_200)).as("f unused from now: held").isEqualTo(-1);
    assertThat(p.update(0b001, SENDING, 11_200)).isEqualTo(0b001);
  }

  @Test
  void atLeastOneLayerStaysActive() {
    LayerPauses p = new LayerPauses(3, 5_000, 0);
    assertThat(p.update(0, SENDING, 10_000)).as("no one watches, nothing records: the lowest").isEqualTo(0b001);
    assertThat(p.update(0, NOTHING, 20_000)).isEqualTo(-1);
    assertThat(p.update(0b010, NOTHING, 20_100)).as("h needed: the lowest was only kept for want of one")
        .isEqualTo(0b010);
    assertThat(p.update(0b010, SENDING, 20_200)).as("q sends (its rate refreshed) but is not needed").isEqualTo(-1);
  }

  @Test
  void aLayerIsPausedOnlyOnceItHasSent() {
    LayerPauses p = new LayerPauses(3, 5_000, 0);
    assertThat(p.update(0b100, new long[] {0, 0, 1_000_000}, 5_000)).as("q and h never sent: left alone").isEqualTo(-1);
    assertThat(p.update(0b100, new long[] {0, 400_000, 1_000_000}, 6_000)).as("h has sent: paused").isEqualTo(0b101);
    assertThat(p.bitrateBps(1, 0)).isEqualTo(400_000);
    assertThat(p.bitrateBps(0, 0)).isZero();
    assertThatThrownBy(() -> new LayerPauses(0, 5_000, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
