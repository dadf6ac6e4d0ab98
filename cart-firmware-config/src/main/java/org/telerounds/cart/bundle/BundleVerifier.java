package org.telerounds.cart.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.telerounds.cart.model.CartProfile;

/**
 * Checks a bundle the way the cart page does: the text parses as one JSON object of the known
 * format, the signature is 64 bytes of Base64, the key id matches the trusted public key, and the
 * Ed25519 signature verifies over the canonical JSON bytes of {@code profile}. Any change to the
 * profile's data (not merely its whitespace or key order) makes verification fail.
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  /** Verifies the bundle {@code text} against {@code trusted}. */
  public static Verification verify(String text, PublicKey trusted) {
    JsonNode root;
    try {
      root = Json.parse(text);
    } catch (JsonProcessingException e) {
      // A limit (nesting deeper than Jackson allows, found by BundleFuzzTest's long run) has no location
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      return Verification.fail("not valid JSON: " + e.getOriginalMessage() + where, null, null);
    }
    if (root == null || !root.isObject()) {
      return Verification.fail("not a bundle: expected a JSON object", null, null);
    }
    if (!Bundle.FORMAT.equals(root.path("format").asText(null))) {
      return Verification.fail("not a bundle: expected \"format\": \"" + Bundle.FORMAT + "\"", null, null);
    }
    JsonNode profile = root.get("profile");
    String cartId = profile == null ? null : profile.path("identity").path("cartId").asText(null);
    String keyId = root.path("keyId").isTextual() ? root.get("keyId").asText() : null;
    if (profile == null || !profile.isObject()) {
      return Verification.fail("not a bundle: \"profile\" must be a JSON object", keyId, cartId);
    }
    if (!root.path("signature").isTextual() || keyId == null) {
      return Verification.fail("the bundle is not signed (no \"signature\" or \"keyId\")", keyId, cartId);
    }
    if (profile.path("schemaVersion").asInt(-1) != CartProfile.SCHEMA_VERSION) {
      return Verification.fail("unsupported profile schemaVersion " + profile.get("schemaVersion"), keyId, cartId);
    }
    String trustedId = Ed25519Keys.keyId(trusted);
    if (!trustedId.equals(keyId)) {
      return Verification.fail("the bundle names key " + keyId + " but the trusted public key is " + trustedId,
          keyId, cartId);
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(root.get("signature").asText().getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return Verification.fail("the signature is not valid Base64", keyId, cartId);
    }
    if (signature.length != 64) {
      return Verification.fail("the signature is " + signature.length + " bytes, not 64", keyId, cartId);
    }
    byte[] message;
    try {
      message = CanonicalJson.bytes(profile);
    } catch (IllegalArgumentException e) {
      return Verification.fail("the profile has no canonical form: " + e.getMessage(), keyId, cartId);
    }
    if (!ed25519(trusted, message, signature)) {
      return Verification.fail("the signature does not match the profile: the bundle was changed after"
          + " signing, or signed with another key", keyId, cartId);
    }
    return new Verification(true, "signature valid: key " + keyId + ", cart " + cartId, keyId, cartId);
  }

  private static boolean ed25519(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(message);
      return ed.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 verification failed to run", e);
    }
  }
}
