package org.telerounds.recorder.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which ffmpeg runs: the PATH's when there is one (a real executable on a PATH made for the test
 * proves it is the one run), otherwise the bundled one, unpacked to a fresh private directory and
 * refused once it has been changed or replaced.
 */
class FfmpegLocatorTest {
  @TempDir
  Path tmp;

  private Path fakeFfmpeg(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve("ffmpeg");
    Files.writeString(f, "#!/bin/sh\necho \"ffmpeg on the PATH was run with: $*\"\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    return f;
  }

  @Test
  void anFfmpegOnThePathIsTheOneRun() throws Exception {
    Path bin = tmp.resolve("bin");
    fakeFfmpeg(bin);
    try (FfmpegBinary b = FfmpegLocator.locate(FfmpegLocator.Source.AUTO, "relative/dir::" + bin + ":/usr/bin",
        tmp.resolve("work"))) {
      assertThat(b.path()).isEqualTo(bin.resolve("ffmpeg").toRealPath());
      assertThat(new Ffmpeg(b).run(List.of("-version"), 10)).contains("ffmpeg on the PATH was run with:")
          .contains("-version");
    }
    assertThat(tmp.resolve("work")).as("nothing unpacked").doesNotExist();
  }

  @Test
  void relativePathEntriesAreNeverSearched() throws Exception {
    // "." or an empty entry would mean the working directory, where anyone might drop an "ffmpeg"
    fakeFfmpeg(Path.of("").toAbsolutePath());
    try {
      assertThat(SystemFfmpeg.find(".:" + "::relative")).isEmpty();
    } finally {
      Files.delete(Path.of("ffmpeg"));
    }
  }

  @Test
  void debiansFfmpegIsUsedWhereItIsInstalled() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "Debian's ffmpeg is not installed (apt-get install ffmpeg)");
    try (FfmpegBinary b = FfmpegLocator.locate(FfmpegLocator.Source.AUTO, System.getenv("PATH"), tmp)) {
      assertThat(b).isInstanceOf(SystemFfmpeg.class);
      assertThat(new Ffmpeg(b).run(List.of("-version"), 30)).startsWith("ffmpeg version");
    }
  }

  @Test
  void systemOnlyRefusesToGoOnWithoutOne() {
    assertThatThrownBy(() -> FfmpegLocator.locate(FfmpegLocator.Source.SYSTEM, tmp.toString(), tmp))
        .isInstanceOf(IOException.class).hasMessageContaining("no ffmpeg on the PATH");
  }

  @Test
  void aPathFfmpegWritableByOthersIsRefused() throws Exception {
    Path f = fakeFfmpeg(tmp.resolve("shared"));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (FfmpegBinary b = FfmpegLocator.locate(FfmpegLocator.Source.AUTO, f.getParent().toString(), tmp)) {
      assertThatThrownBy(() -> new Ffmpeg(b).run(List.of("-version"), 10)).hasMessageContaining("writable by other users");
    }
  }

  @Test
  void theBundledFfmpegIsUnpackedPrivatelyRunsAndIsRefusedOnceTamperedWith() throws Exception {
    Path work = tmp.resolve("work");
    Path unpackedDir;
    try (FfmpegBinary b = FfmpegLocator.locate(FfmpegLocator.Source.AUTO, tmp.resolve("empty").toString(), work)) {
      assertThat(b).isInstanceOf(BundledFfmpeg.class);
      unpackedDir = b.path().getParent();
      assertThat(unpackedDir.getParent()).isEqualTo(work);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unpackedDir))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.path()))).isEqualTo("rwx------");
      String expected = ((BundledFfmpeg) b).expectedSha256();
      try (var in = FfmpegLocatorTest.class.getResourceAsStream(BundledFfmpeg.resource())) {
        Path copy = tmp.resolve("from-jar");
        Files.copy(in, copy);
        assertThat(BundledFfmpeg.sha256(copy)).as("the hash is the jar resource's").isEqualTo(expected);
      }
      Ffmpeg ffmpeg = new Ffmpeg(b);
      assertThat(ffmpeg.run(List.of("-version"), 30)).startsWith("ffmpeg version");

      Files.write(b.path(), new byte[] {0}, StandardOpenOption.APPEND); // one byte planted at the end
      assertThatThrownBy(() -> ffmpeg.run(List.of("-version"), 30)).isInstanceOf(IOException.class)
          .hasMessageContaining("refusing to run the bundled ffmpeg").hasMessageContaining("was modified");

      Files.delete(b.path()); // replaced by a script of the attacker's
      fakeFfmpeg(unpackedDir);
      assertThatThrownBy(() -> ffmpeg.run(List.of("-version"), 30)).hasMessageContaining("was modified");
    }
    assertThat(unpackedDir).as("removed on close").doesNotExist();
  }

  @Test
  void eachStartUnpacksToANewDirectoryNeverAFixedPath() throws Exception {
    try (FfmpegBinary a = FfmpegLocator.locate(FfmpegLocator.Source.BUNDLED, "/usr/bin", tmp);
        FfmpegBinary b = FfmpegLocator.locate(FfmpegLocator.Source.BUNDLED, "/usr/bin", tmp)) {
      assertThat(a.path()).isNotEqualTo(b.path());
    }
  }
}
