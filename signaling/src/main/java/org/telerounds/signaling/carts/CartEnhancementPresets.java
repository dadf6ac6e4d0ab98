package org.telerounds.signaling.carts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The voice-enhancement preset a cart's active profile gives its {@code mic:patient}: the input's
 * {@code preset} ({@code gentle}, {@code standard}, {@code aggressive}), or {@code none} when the
 * input is {@code bypass}. The profile is a file read, so it runs on the blocking executor. Empty
 * when the cart has no profile or its profile has no patient mic: the server's default applies.
 */
public final class CartEnhancementPresets {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CartConfigStore store;
  private final Executor blocking;

  public CartEnhancementPresets(CartConfigStore store, Executor blocking) {
    this.store = store;
    this.blocking = blocking;
  }

  /** The preset of {@code cartId}'s patient mic, read off the caller's thread. */
  public CompletableFuture<Optional<String>> patientMicPreset(String cartId) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Optional<CartConfigStore.Served> served = store.active(cartId);
        return served.isEmpty() ? Optional.<String>empty() : fromBundle(served.get().bundle());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, blocking);
  }

  /** The patient mic's preset in a signed bundle's JSON (its signature was checked when stored). */
  static Optional<String> fromBundle(byte[] bundle) throws IOException {
    for (JsonNode a : JSON.readTree(bundle).path("profile").path("audioInputs")) {
      if (a.path("role").asText().equals("mic:patient")) {
        return Optional.of(a.path("processing").asText().equals("bypass") ? "none" : a.path("preset").asText("standard"));
      }
    }
    return Optional.empty();
  }
}
