package org.telerounds.cart.bundle;

/**
 * The answer of {@link BundleVerifier}: whether the bundle is authentic, and a one-line reason
 * either way. {@code cartId} and {@code keyId} are filled in when the bundle got far enough to
 * read them (they are not trustworthy unless {@code valid}).
 */
public record Verification(boolean valid, String reason, String keyId, String cartId) {

  static Verification fail(String reason, String keyId, String cartId) {
    return new Verification(false, reason, keyId, cartId);
  }
}
