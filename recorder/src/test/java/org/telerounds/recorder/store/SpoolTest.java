package org.telerounds.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir
  Path dir;

  @Test
  void aFullSpoolRefusesNewSegmentsAndKeepsTheWaitingOnes() throws Exception {
    Spool s = new Spool(dir, 1000);
    Path a = s.partFor("rounds/r/tracks/t/seg-00000.ogg");
    Files.write(a, new byte[800]);
    assertThat(s.commit(a, "rounds/r/tracks/t/seg-00000.ogg")).isTrue();
    Path b = s.partFor("rounds/r/tracks/t/seg-00001.ogg");
    Files.write(b, new byte[300]);
    assertThat(s.commit(b, "rounds/r/tracks/t/seg-00001.ogg")).isFalse();
    assertThat(Files.exists(b)).isFalse();
    assertThat(Files.size(s.pathOf("rounds/r/tracks/t/seg-00000.ogg"))).isEqualTo(800);
    assertThat(s.bytes()).isEqualTo(800);
  }

  @Test
  void recoveryDropsPartialSegmentsAndListsWholeOnes() throws Exception {
    Spool s = new Spool(dir, 1 << 20);
    Path a = s.partFor("rounds/r/a.ogg");
    Files.write(a, new byte[10]);
    s.commit(a, "rounds/r/a.ogg");
    Files.write(s.partFor("rounds/r/b.ogg"), new byte[5]); // the process died while writing this one
    Spool again = new Spool(dir, 1 << 20);
    assertThat(again.recover()).containsExactly("rounds/r/a.ogg");
    assertThat(again.recoveredPartials()).isEqualTo(1);
    assertThat(again.bytes()).isEqualTo(10);
  }

  @Test
  void keysCannotEscapeTheSpool() throws Exception {
    Spool s = new Spool(dir, 1 << 20);
    assertThatThrownBy(() -> s.partFor("../../etc/x")).isInstanceOf(IllegalArgumentException.class);
  }
}
