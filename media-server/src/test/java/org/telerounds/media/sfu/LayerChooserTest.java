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
