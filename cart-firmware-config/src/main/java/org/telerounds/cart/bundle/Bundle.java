package org.telerounds.cart.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a cart receives: {@code {"format":"telerounds-cart-bundle/1","keyId":..,"profile":{..},
 * "signature":..}}. {@code signature} is the standard Base64 (with padding) of the 64-byte Ed25519
 * signature over the canonical JSON bytes of {@code profile} alone; {@code keyId} names the
 * signing key (the first 16 hex digits of the SHA-256 of its public key's DER) so a cart holding
 * several trusted keys knows which to use. An unsigned bundle, from {@code render}, has neither.
 */
public record Bundle(String format, JsonNode profile, String keyId, String signature) {

  /** The format tag this module writes and accepts. */
  public static final String FORMAT = "telerounds-cart-bundle/1";

  /** An unsigned bundle of {@code profile}. */
  public static Bundle unsigned(JsonNode profile) {
    return new Bundle(FORMAT, profile, null, null);
  }

  /** Whether this bundle carries a signature. */
  public boolean signed() {
    return signature != null;
  }

  /** The bundle as a JSON object; absent fields are left out. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format", format);
    if (keyId != null) {
      o.put("keyId", keyId);
    }
    o.set("profile", profile);
    if (signature != null) {
      o.put("signature", signature);
    }
    return o;
  }

  /** The bundle file's text: pretty-printed, keys in canonical order, newline-terminated. */
  public String toText() {
    return Json.pretty(toJson());
  }
}
