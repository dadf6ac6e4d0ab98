/**
 * Bundles for carts: the profile rendered as JSON, its canonical byte form, Ed25519 keys in PEM,
 * and signing and verifying. The canonical form and the signature are defined so that a browser
 * can check a bundle with {@code JSON.parse} and WebCrypto alone (see docs/carts.md and
 * {@code web/cart-bundle.js}).
 */
package org.telerounds.cart.bundle;
