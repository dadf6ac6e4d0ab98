package org.telerounds.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the service user may look inside the embedded store's directory: object files are
 * encrypted, but their names (round ids, audit sequence numbers), sizes and times are not.
 * tools/security/outsider-check.py found every object file readable by other users through
 * directories they could traverse.
 */
class EmbeddedS3DirectoryTest {
  @TempDir Path tmp;

  @Test
  void createsTheStoreDirectoryOwnerOnly() throws Exception {
    Path dir = tmp.resolve("data").resolve("s3");
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0, "access-key-0123456789", "secret-key-0123456789-0123456789ab")) {
      assertThat(mode(dir)).isEqualTo("rwx------");
    }
  }

  @Test
  void narrowsAStoreDirectoryAnEarlierVersionLeftOpen() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("s3"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0, "access-key-0123456789", "secret-key-0123456789-0123456789ab")) {
      assertThat(mode(dir)).isEqualTo("rwx------");
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
