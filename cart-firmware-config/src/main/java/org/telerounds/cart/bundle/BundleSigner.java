package org.telerounds.cart.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import org.telerounds.cart.model.CartProfile;

/**
 * Signs a validated profile: renders it with {@link ProfileJson}, signs the
 * {@link CanonicalJson} bytes with Ed25519, and wraps profile, key id and signature in a
 * {@link Bundle}. Only a profile that passed validation is a {@link CartProfile}, so an invalid
 * profile cannot be signed through this class.
 */
public final class BundleSigner {
  private BundleSigner() {}

  /** A signed bundle of {@code profile}. */
  public static Bundle sign(CartProfile profile, PrivateKey key) {
    JsonNode json = ProfileJson.render(profile);
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key);
      ed.update(CanonicalJson.bytes(json));
      String signature = Base64.getEncoder().encodeToString(ed.sign());
      return new Bundle(Bundle.FORMAT, json, Ed25519Keys.keyId(Ed25519Keys.publicKeyOf(key)), signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }
}
