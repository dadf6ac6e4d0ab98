package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The layer choice from a budget, on a fake clock: down at once, up after a held margin, never a stopped layer. */
class LayerChooserTest {
  static final long[] LAYERS = {150_000, 500_000, 1_500_000};
  private final LayerChooser chooser = new LayerChooser();

  @Test
  void startsAtTheHighestLayerThatFits_goesDownAtOnce_upOnlyAfterTheHold() {
    assertThat(chooser.choose(5_000_000, LAYERS, 0)).isEqualTo(
        new LayerChooser.Choice(2, LayerSelector.SwitchReason.START));
    assertThat(chooser.choose(600_000, LAYERS, 100)).isEqualTo(
        new LayerChooser.Choice(1, LayerSelector.SwitchReason.BANDWIDTH_DOWN));
    assertThat(chooser.choose(100_000, LAYERS, 200).layer()).as("nothing fits: the lowest, not off").isEqualTo(0);
    assertThat(chooser.choose(5_000_000, LAYERS, 300).changed()).isNull();
    assertThat(chooser.choose(5_000_000, LAYERS, 300 + LayerChooser.UP_HOLD_MS - 1).changed()).isNull();
    assertThat(chooser.choose(5_000_000, LAYERS, 300 + LayerChooser.UP_HOLD_MS)).isEqualTo(
        new LayerChooser.Choice(2, LayerSelector.SwitchReason.BANDWIDTH_UP));
  }

  @Test
  void aBudgetWithoutTheMarginOrThatDipsRestartsTheHold() {
    chooser.choose(200_000, LAYERS, 0);
    assertThat(chooser.choose(550_000, LAYERS, 0).layer()).as("fits, but not with 25% headroom").isEqualTo(0);
    assertThat(chooser.choose(550_000, LAYERS, 5_000).changed()).isNull();
    chooser.choose(700_000, LAYERS, 6_000);
    chooser.choose(550_000, LAYERS, 7_000); // dip
    chooser.choose(700_000, LAYERS, 7_500);
    assertThat(chooser.choose(700_000, LAYERS, 9_000).changed()).isNull();
    assertThat(chooser.choose(700_000, LAYERS, 9_500).layer()).isEqualTo(1);
  }

  @Test
  void anEstimateHoveringAtALayerMovesItUpLessAndLessOften_thenCalmResetsTheHold() {
    long[] hover = {2_000_000, 400_000}; // the estimate swings between these every time the leg moves up
    chooser.choose(hover[1], LAYERS, 0); // on h
    long t = 0;
    int ups = 0;
    java.util.List<Long> holds = new java.util.ArrayList<>();
    long since = 0;
    while (t < 60_000) {
      t += 100;
      LayerChooser.Choice c = chooser.choose(hover[0], LAYERS, t);
      if (c.changed() == LayerSelector.SwitchReason.BANDWIDTH_UP) {
        ups++;
        holds.add(t - since);
        t += 1_000; // a second on f, then the link cannot carry it
        assertThat(chooser.choose(hover[1], LAYERS, t).changed()).isEqualTo(LayerSelector.SwitchReason.BANDWIDTH_DOWN);
        since = t;
      }
    }
    assertThat(holds).as("each failed move up doubles the wait, up to the cap").startsWith(2_100L, 4_100L, 8_100L, 16_100L);
    assertThat(holds.get(holds.size() - 1)).isLessThanOrEqualTo(LayerChooser.MAX_UP_HOLD_MS + 100);
    assertThat(ups).as("in a minute, against 20 with a fixed 2 s hold").isLessThanOrEqualTo(6);

    // a minute of a steady low budget, then room again: the hold is back to 2 s
    for (long k = t; k < t + LayerChooser.CALM_MS + 1_000; k += 1_000) chooser.choose(hover[1], LAYERS, k);
    t += LayerChooser.CALM_MS + 1_000;
    assertThat(chooser.upHoldMs()).isEqualTo(LayerChooser.UP_HOLD_MS);
    chooser.choose(hover[0], LAYERS, t);
    assertThat(chooser.choose(hover[0], LAYERS, t + LayerChooser.UP_HOLD_MS).changed())
        .isEqualTo(LayerSelector.SwitchReason.BANDWIDTH_UP);
  }

  @Test
  void afterFailedMovesUp_aBudgetWithClearRoomStillMovesUpAfterTheBaseHold() {
    chooser.choose(600_000, LAYERS, 0);
    for (int i = 0; i < 3; i++) { // three moves up that did not hold
      long t = 100 + i * 20_000L;
      chooser.choose(1_900_000, LAYERS, t);
      chooser.choose(1_900_000, LAYERS, t + chooser.upHoldMs());
      chooser.choose(600_000, LAYERS, t + chooser.upHoldMs() + 500);
    }
    assertThat(chooser.upHoldMs()).isGreaterThan(LayerChooser.UP_HOLD_MS);
    long t = 70_000;
    chooser.choose(1_900_000, LAYERS, t);
    assertThat(chooser.choose(1_900_000, LAYERS, t + LayerChooser.UP_HOLD_MS).changed())
        .as("a hovering budget waits longer").isNull();
    assertThat(chooser.choose(5_000_000, LAYERS, t + LayerChooser.UP_HOLD_MS + 100).changed())
        .as("the limit lifted: the base hold is enough").isEqualTo(LayerSelector.SwitchReason.BANDWIDTH_UP);
  }

  @Test
  void aMoveUpThatHoldsDoesNotLengthenTheNextHold() {
    chooser.choose(600_000, LAYERS, 0);
    chooser.choose(5_000_000, LAYERS, 100);
    assertThat(chooser.choose(5_000_000, LAYERS, 100 + LayerChooser.UP_HOLD_MS).layer()).isEqualTo(2);
    assertThat(chooser.choose(600_000, LAYERS, 100 + LayerChooser.UP_HOLD_MS + LayerChooser.FAILED_UP_MS).layer())
        .as("down long after: the link changed, the move up was right").isEqualTo(1);
    assertThat(chooser.upHoldMs()).isEqualTo(LayerChooser.UP_HOLD_MS);
  }

  @Test
  void aLayerThePublisherStoppedIsLeft() {
    chooser.choose(5_000_000, LAYERS, 0);
    assertThat(chooser.choose(5_000_000, new long[] {150_000, 500_000, 0}, 100)).isEqualTo(
        new LayerChooser.Choice(1, LayerSelector.SwitchReason.LAYER_STOPPED));
  }

  @Test
  void theViewCapsTheLayer_aShrinkGoesDownAtOnce_aGrowthAfterTheHold() {
    assertThat(chooser.choose(5_000_000, LAYERS, 1, 0)).as("a picture-in-picture: the middle layer fills it")
        .isEqualTo(new LayerChooser.Choice(1, LayerSelector.SwitchReason.START));
    assertThat(chooser.choose(5_000_000, LAYERS, 1, 3_000).changed()).as("the cap holds however long").isNull();
    assertThat(chooser.choose(5_000_000, LAYERS, 2, 3_100).changed()).as("the view grew: held first").isNull();
    assertThat(chooser.choose(5_000_000, LAYERS, 2, 3_100 + LayerChooser.UP_HOLD_MS)).isEqualTo(
        new LayerChooser.Choice(2, LayerSelector.SwitchReason.VIEW_SIZE));
    assertThat(chooser.choose(5_000_000, LAYERS, 0, 6_000)).as("the view shrank: down at once").isEqualTo(
        new LayerChooser.Choice(0, LayerSelector.SwitchReason.VIEW_SIZE));
    assertThat(chooser.choose(400_000, LAYERS, 2, 7_000).changed()).as("the budget, not the view, holds it now").isNull();
    chooser.choose(5_000_000, LAYERS, 2, 8_000);
    assertThat(chooser.choose(5_000_000, LAYERS, 2, 8_000 + LayerChooser.UP_HOLD_MS).layer()).isEqualTo(2);
  }

  @Test
  void theBudgetStillWinsBelowTheCap() {
    chooser.choose(5_000_000, LAYERS, 2, 0);
    assertThat(chooser.choose(600_000, LAYERS, 1, 100)).as("both the view and the budget say 1: the budget is why")
        .isEqualTo(new LayerChooser.Choice(1, LayerSelector.SwitchReason.BANDWIDTH_DOWN));
    assertThat(chooser.choose(200_000, LAYERS, 1, 200)).isEqualTo(
        new LayerChooser.Choice(0, LayerSelector.SwitchReason.BANDWIDTH_DOWN));
    assertThat(chooser.choose(5_000_000, new long[] {0, 500_000, 1_500_000}, 0, 300).layer())
        .as("a cap below every layer sent: the lowest sent").isEqualTo(1);
  }
}
