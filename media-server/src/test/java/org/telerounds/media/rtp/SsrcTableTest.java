package org.telerounds.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unboxed SSRC table behaves like a HashMap under random puts and removes, across growth and wrap. */
class SsrcTableTest {
  @Test
  void matchesAHashMapUnderRandomOperations() {
    Random rnd = new Random(42);
    SsrcTable<String> table = new SsrcTable<>(2);
    Map<Long, String> model = new HashMap<>();
    for (int op = 0; op < 200_000; op++) {
      // a small key space makes collisions, overwrites and removals of present keys frequent
      long ssrc = rnd.nextInt(4) == 0 ? 0xFFFFFFFFL - rnd.nextInt(64) : rnd.nextInt(512);
      switch (rnd.nextInt(3)) {
        case 0 -> assertThat(table.put(ssrc, "v" + op)).isEqualTo(model.put(ssrc, "v" + op));
        case 1 -> assertThat(table.remove(ssrc)).isEqualTo(model.remove(ssrc));
        default -> assertThat(table.get(ssrc)).isEqualTo(model.get(ssrc));
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    for (Map.Entry<Long, String> e : model.entrySet()) assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
    assertThat(table.values()).containsExactlyInAnyOrderElementsOf(model.values());
  }

  @Test
  void refusesWhatIsNotAnSsrcAndFindsNothingForIt() {
    SsrcTable<String> table = new SsrcTable<>();
    assertThatThrownBy(() -> table.put(-1, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> table.put(1L << 32, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> table.put(5, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(table.get(-1)).isNull();
    assertThat(table.remove(-7)).isNull();
    table.put(0, "zero");
    assertThat(table.get(0)).isEqualTo("zero");
  }

  @Test
  void removeValueDropsEveryMapping() {
    SsrcTable<String> table = new SsrcTable<>();
    table.put(1, "a");
    table.put(2, "a");
    table.put(3, "b");
    table.removeValue("a");
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.get(3)).isEqualTo("b");
  }
}
