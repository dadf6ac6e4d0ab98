package org.telerounds.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated keys, owner-only files, and the move of an old key file without ever losing it. */
class EmbeddedStoreSecretsTest {
  @TempDir Path tmp;

  @Test
  void generatesOwnerOnlyRandomKeysAndReusesThem() throws Exception {
    Path dir = tmp.resolve("secrets");
    EmbeddedStoreSecrets.Credentials a = EmbeddedStoreSecrets.open(dir).credentials();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("s3-credentials"))))
        .isEqualTo("rw-------");
    assertThat(a.accessKey()).hasSizeGreaterThanOrEqualTo(16).isNotEqualTo("telerounds");
    assertThat(a.secretKey()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo("telerounds-dev-secret");
    assertThat(a.toString()).doesNotContain(a.secretKey());
    assertThat(EmbeddedStoreSecrets.open(dir).credentials()).isEqualTo(a);
    assertThat(EmbeddedStoreSecrets.open(tmp.resolve("other")).credentials()).isNotEqualTo(a);
  }

  @Test
  void narrowsAGroupReadableSecretsDirectory() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("secrets"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    EmbeddedStoreSecrets.open(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
  }

  @Test
  void movesAKeyLeftNextToTheData() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data/s3/bucket"));
    Files.writeString(data.resolve("object"), "ciphertext");
    byte[] old = new byte[48];
    new java.security.SecureRandom().nextBytes(old);
    Path legacy = tmp.resolve("data/s3-encryption.key");
    Files.writeString(legacy, Base64.getEncoder().encodeToString(old) + "\n"); // as the old code wrote it
    Path keyFile = tmp.resolve("secrets/s3-encryption.key");
    byte[] key = EmbeddedStoreSecrets.open(tmp.resolve("secrets")).encryptionKey(keyFile, tmp.resolve("data/s3"),
        List.of(legacy));
    assertThat(key).isEqualTo(old);
    assertThat(legacy).doesNotExist();
    assertThat(EmbeddedStoreSecrets.readKey(keyFile)).isEqualTo(old);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    // and the next start reads the moved key
    assertThat(EmbeddedStoreSecrets.open(tmp.resolve("secrets")).encryptionKey(keyFile, tmp.resolve("data/s3"),
        List.of(legacy))).isEqualTo(old);
  }

  @Test
  void neverMakesANewKeyForAStoreThatHoldsObjects() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data/s3/bucket"));
    Files.writeString(data.resolve("object"), "ciphertext");
    Path keyFile = tmp.resolve("secrets/s3-encryption.key");
    assertThatThrownBy(() -> EmbeddedStoreSecrets.open(tmp.resolve("secrets")).encryptionKey(keyFile,
        tmp.resolve("data/s3"), List.of(tmp.resolve("data/s3-encryption.key"))))
        .hasMessageContaining(keyFile.toString()).hasMessageContaining("restore");
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void refusesTwoDifferentKeys() throws Exception {
    Path keyFile = tmp.resolve("secrets/s3-encryption.key");
    EmbeddedStoreSecrets s = EmbeddedStoreSecrets.open(tmp.resolve("secrets"));
    s.encryptionKey(keyFile, tmp.resolve("data/s3"), List.of());
    Path legacy = tmp.resolve("data/s3-encryption.key");
    Files.createDirectories(legacy.getParent());
    Files.writeString(legacy, Base64.getEncoder().encodeToString(new byte[48]));
    assertThatThrownBy(() -> s.encryptionKey(keyFile, tmp.resolve("data/s3"), List.of(legacy)))
        .hasMessageContaining("two different");
    assertThat(legacy).exists();
  }
}
