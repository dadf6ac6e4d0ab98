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
  void everythingIsOwnerOnlyFromCreation() throws Exception {
    Spool s = new Spool(dir.resolve("spool"), 1 << 20);
    s.putBytes("rounds/r/round.json", new byte[] {'{', '}'});
    Path part = s.partFor("rounds/r/tracks/t/seg-00000.ogg");
    assertThat(perms(dir.resolve("spool"))).isEqualTo("rwx------");
    assertThat(perms(part.getParent())).isEqualTo("rwx------");
    assertThat(perms(s.pathOf("rounds/r/round.json"))).isEqualTo("rw-------");
    assertThat(s.tightened()).isFalse();
  }

  @Test
  void aSpoolLeftOpenByAnOlderVersionIsTightened() throws Exception {
    Path old = Files.createDirectories(dir.resolve("old"));
    Files.setPosixFilePermissions(old, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Spool s = new Spool(old, 1 << 20);
    assertThat(s.tightened()).isTrue();
    assertThat(perms(old)).isEqualTo("rwx------");
  }

  private static String perms(Path p) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void keysCannotEscapeTheSpool() throws Exception {
    Spool s = new Spool(dir, 1 << 20);
    assertThatThrownBy(() -> s.partFor("../../etc/x")).isInstanceOf(IllegalArgumentException.class);
  }
}
