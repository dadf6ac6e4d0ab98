package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layers for a subscriber's simulcast legs from one budget: priority first, down at once, up after the hold. */
class SimulcastShareTest {
  static final long[] LAYERS = {150_000, 500_000, 1_500_000};
  private final SimulcastShare share = new SimulcastShare();
  private final Object room = "camera:room";
  private final Object exam = "camera:exam";
  private final Map<Object, Integer> layer = new HashMap<>();

  private void apply(long budget, long nowMs) {
    List<SimulcastShare.Leg> legs = List.of(new SimulcastShare.Leg(exam, 1, LAYERS), new SimulcastShare.Leg(room, 0, LAYERS));
    for (SimulcastShare.Target t : share.share(budget, legs, nowMs)) layer.put(t.key(), t.layer());
  }

  @Test
  void theFirstLegInPriorityGetsTheBestLayerAndTheNextOneWhatIsLeft() {
    apply(2_000_000, 0);
    assertThat(layer).containsEntry(room, 2).containsEntry(exam, 1);
    apply(700_000, 100);
    assertThat(layer).as("down at once").containsEntry(room, 1).containsEntry(exam, 0);
    apply(100_000, 200);
    assertThat(layer).as("never off: the lowest layer").containsEntry(room, 0).containsEntry(exam, 0);
    apply(5_000_000, 300);
    assertThat(layer).as("not up before the hold").containsEntry(room, 0).containsEntry(exam, 0);
    apply(5_000_000, 300 + LayerChooser.UP_HOLD_MS);
    assertThat(layer).containsEntry(room, 2).containsEntry(exam, 2);
  }

  @Test
  void aLegThatGoesAwayIsForgottenAndTheLowestSentLayerIsWhatTheAllocationCounts() {
    apply(2_000_000, 0);
    List<SimulcastShare.Target> t = share.share(2_000_000, List.of(new SimulcastShare.Leg(exam, 1, LAYERS)), 100);
    assertThat(t).as("the room camera left: the exam one may go up, after the hold").isEmpty();
    assertThat(share.share(2_000_000, List.of(new SimulcastShare.Leg(exam, 1, LAYERS)), 100 + LayerChooser.UP_HOLD_MS))
        .extracting(SimulcastShare.Target::layer).containsExactly(2);
    assertThat(SimulcastShare.lowestSent(new long[] {0, 500_000, 1_500_000})).isEqualTo(500_000);
    assertThat(SimulcastShare.lowestSent(new long[] {0, 0, 0})).isZero();
  }
}
