package org.telerounds.signaling.carts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.recorder.store.PrivateFiles;

/**
 * The Ed25519 key that signs cart bundles: the configured PEM file, or, when none is configured, a
 * key generated once into the store directory (mode 600 from its creation, {@link PrivateFiles})
 * and reused on every start, so carts can pin its public key.
 */
public final class CartSigningKey {
  private CartSigningKey() {}

  public static PrivateKey load(String configured, Path storeDir) throws IOException, BadFileException {
    if (!configured.isBlank()) return Ed25519Keys.readPrivate(Path.of(configured));
    Path generated = storeDir.resolve("signing-key.pem");
    if (Files.exists(generated)) return Ed25519Keys.readPrivate(generated);
    Files.createDirectories(storeDir);
    KeyPair kp = Ed25519Keys.generate();
    PrivateFiles.writeAtomically(generated, Ed25519Keys.privatePem(kp.getPrivate()));
    return kp.getPrivate();
  }
}
