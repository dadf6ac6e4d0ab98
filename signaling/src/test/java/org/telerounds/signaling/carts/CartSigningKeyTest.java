package org.telerounds.signaling.carts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.recorder.store.PrivateFiles;

/**
 * The generated cart signing key: written owner-only once into the secrets directory (not the cart
 * store, which admins fill and backups copy), then the same key on every start; a key an earlier
 * version left in the cart store is moved, and two different keys stop the start.
 */
class CartSigningKeyTest {
  @TempDir Path dir;

  @Test
  void generatedKeyIsOwnerOnlyInTheSecretsDirectoryAndReused() throws Exception {
    Path store = dir.resolve("carts-store");
    Path secrets = dir.resolve("secrets");
    PrivateKey first = CartSigningKey.load("", secrets, store);
    Path file = secrets.resolve("cart-signing-key.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
    assertThat(Files.readString(file)).contains("PRIVATE KEY");
    try (var s = Files.list(secrets)) {
      assertThat(s.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("cart-signing-key.pem");
    }
    assertThat(Files.exists(store.resolve("signing-key.pem"))).as("nothing in the cart store").isFalse();
    PrivateKey again = CartSigningKey.load("", secrets, store);
    assertThat(again.getEncoded()).as("the same key after a restart").isEqualTo(first.getEncoded());
  }

  @Test
  void aKeyAnEarlierVersionLeftInTheCartStoreIsMovedSoPinnedCartsKeepWorking() throws Exception {
    Path store = Files.createDirectories(dir.resolve("carts-store"));
    Path secrets = dir.resolve("secrets");
    PrivateKey old = Ed25519Keys.generate().getPrivate();
    PrivateFiles.writeAtomically(store.resolve("signing-key.pem"), Ed25519Keys.privatePem(old));

    PrivateKey loaded = CartSigningKey.load("", secrets, store);

    assertThat(loaded.getEncoded()).isEqualTo(old.getEncoded());
    assertThat(Files.exists(store.resolve("signing-key.pem"))).as("gone from the cart store").isFalse();
    assertThat(Ed25519Keys.readPrivate(secrets.resolve("cart-signing-key.pem")).getEncoded()).isEqualTo(old.getEncoded());
    assertThat(CartSigningKey.load("", secrets, store).getEncoded()).isEqualTo(old.getEncoded());
  }

  @Test
  void twoDifferentKeysStopTheStartAndLoseNeither() throws Exception {
    Path store = Files.createDirectories(dir.resolve("carts-store"));
    Path secrets = dir.resolve("secrets");
    PrivateKey current = CartSigningKey.load("", secrets, store);
    PrivateKey other = Ed25519Keys.generate().getPrivate();
    PrivateFiles.writeAtomically(store.resolve("signing-key.pem"), Ed25519Keys.privatePem(other));

    assertThatThrownBy(() -> CartSigningKey.load("", secrets, store)).isInstanceOf(BadFileException.class)
        .hasMessageContaining("different one").hasMessageNotContaining("PRIVATE KEY");
    assertThat(Ed25519Keys.readPrivate(store.resolve("signing-key.pem")).getEncoded()).isEqualTo(other.getEncoded());
    assertThat(Ed25519Keys.readPrivate(secrets.resolve("cart-signing-key.pem")).getEncoded())
        .isEqualTo(current.getEncoded());
  }
}
