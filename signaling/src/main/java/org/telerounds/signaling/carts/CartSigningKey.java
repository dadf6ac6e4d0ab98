package org.telerounds.signaling.carts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.recorder.store.PrivateFiles;

/**
 * The Ed25519 key that signs cart bundles: the configured PEM file, or, when none is configured, a
 * key generated once into the secrets directory ({@code telerounds.recorder.storage.secrets-dir},
 * as {@value #FILE}; mode 600 from its creation, {@link PrivateFiles}) and reused on every start,
 * so carts can pin its public key. The key lives apart from the cart store, whose profiles admins
 * upload and whose directory is backed up with the data.
 *
 * <p>Earlier versions generated it into the cart store ({@value #LEGACY_FILE}). Such a key is
 * moved: copied, read back and compared, and only then deleted from the store, so carts that pinned
 * it keep working. Two different keys, one in each place, stop the start: which one the carts
 * trust is for an operator to decide.
 */
public final class CartSigningKey {
  static final String FILE = "cart-signing-key.pem";
  static final String LEGACY_FILE = "signing-key.pem";
  private static final Logger LOG = LoggerFactory.getLogger("carts");

  private CartSigningKey() {}

  public static PrivateKey load(String configured, Path secretsDir, Path cartStore) throws IOException, BadFileException {
    if (!configured.isBlank()) return Ed25519Keys.readPrivate(Path.of(configured));
    Path generated = secretsDir.resolve(FILE);
    Path legacy = cartStore.resolve(LEGACY_FILE);
    if (Files.exists(legacy)) moveLegacy(legacy, generated);
    if (Files.exists(generated)) return Ed25519Keys.readPrivate(generated);
    PrivateFiles.createDirectories(secretsDir);
    KeyPair kp = Ed25519Keys.generate();
    PrivateFiles.writeAtomically(generated, Ed25519Keys.privatePem(kp.getPrivate()));
    LOG.info("cart signing key generated into the secrets directory; carts pin its public key");
    return kp.getPrivate();
  }

  private static void moveLegacy(Path legacy, Path generated) throws IOException, BadFileException {
    PrivateKey old = Ed25519Keys.readPrivate(legacy);
    if (Files.exists(generated)) {
      if (!Arrays.equals(Ed25519Keys.readPrivate(generated).getEncoded(), old.getEncoded())) {
        throw new BadFileException(legacy + ": a cart signing key from an earlier version, and a different one in "
            + generated + ". Keep the one the carts pin (move it to " + generated + ") and delete the other");
      }
    } else {
      PrivateFiles.createDirectories(generated.toAbsolutePath().getParent());
      PrivateFiles.writeAtomically(generated, Files.readString(legacy));
      if (!Arrays.equals(Ed25519Keys.readPrivate(generated).getEncoded(), old.getEncoded())) {
        throw new IOException("the cart signing key copied to " + generated + " does not read back the same");
      }
    }
    Files.delete(legacy);
    LOG.warn("cart signing key moved out of the cart store into the secrets directory ({})", generated.getFileName());
  }
}
