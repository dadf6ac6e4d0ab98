package org.telerounds.signaling.carts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import org.telerounds.signaling.ws.Json;

/**
 * Where a cart stands, from its active signed profile: its hospital and ward. Blocking (reads the
 * cart store): call it from the blocking executor.
 */
public final class CartIdentities {
  /** A cart's identity; hospital and ward are null when its profile does not say. */
  public record Identity(String cartId, String hospital, String ward) {}

  private final CartConfigStore carts;

  public CartIdentities(CartConfigStore carts) {
    this.carts = carts;
  }

  /** The cart's identity, or empty when it has no active profile. */
  public Optional<Identity> of(String cartId) throws IOException {
    var served = carts.active(cartId);
    if (served.isEmpty()) return Optional.empty();
    JsonNode id = Json.MAPPER.readTree(served.get().bundle()).path("profile").path("identity");
    return Optional.of(new Identity(cartId, id.path("hospital").asText(null), id.path("ward").asText(null)));
  }
}
