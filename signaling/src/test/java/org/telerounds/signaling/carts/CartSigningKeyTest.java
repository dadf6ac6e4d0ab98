package org.telerounds.signaling.carts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated cart signing key: written owner-only once, then the same key on every start. */
class CartSigningKeyTest {
  @TempDir Path dir;

  @Test
  void generatedKeyIsOwnerOnlyAndReused() throws Exception {
    Path store = dir.resolve("carts-store");
    PrivateKey first = CartSigningKey.load("", store);
    Path file = store.resolve("signing-key.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("PRIVATE KEY");
    try (var s = Files.list(store)) {
      assertThat(s.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("signing-key.pem");
    }
    PrivateKey again = CartSigningKey.load("", store);
    assertThat(again.getEncoded()).as("the same key after a restart").isEqualTo(first.getEncoded());
  }
}
