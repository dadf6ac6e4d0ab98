package org.telerounds.signaling.carts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.telerounds.cart.CartProfiles;
import org.telerounds.cart.bundle.BundleSigner;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.validate.Problem;
import org.telerounds.cart.validate.Validation;

/**
 * Cart models and per-cart profiles on disk, every upload kept as a numbered version with its
 * signed bundle, and one active version per cart that an admin can roll back. Layout:
 * {@code models/<model>.conf}, {@code carts/<id>/<n>.conf}, {@code carts/<id>/<n>.bundle.json},
 * {@code carts/<id>/active}. Blocking file I/O: callers run it off the event loops.
 */
public final class CartConfigStore {
  /** A served bundle and its strong ETag (quoted SHA-256 of the bytes). */
  public record Served(byte[] bundle, String etag, int version) {}

  /** The outcome of an upload: the new version, or every problem found. */
  public record Upload(int version, List<String> problems) {
    public boolean ok() { return problems.isEmpty(); }
  }

  private final Path models;
  private final Path carts;
  private final PrivateKey signingKey;
  private final String publicKeyPem;

  public CartConfigStore(Path dir, PrivateKey signingKey) throws IOException {
    this.models = Files.createDirectories(dir.resolve("models"));
    this.carts = Files.createDirectories(dir.resolve("carts"));
    this.signingKey = signingKey;
    this.publicKeyPem = Ed25519Keys.publicPem(Ed25519Keys.publicKeyOf(signingKey));
  }

  /** The public half of the signing key as PEM: what carts pin to verify their bundles. */
  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** Validates and stores a cart model (a base profile carts extend). */
  public synchronized List<String> putModel(String model, String hocon) throws IOException {
    Path tmp = Files.createTempFile(models, model + "-", ".upload");
    try {
      Files.writeString(tmp, hocon, StandardCharsets.UTF_8);
      Validation v = CartProfiles.validate(tmp, models, true);
      if (!v.ok()) return texts(v.problems(), tmp, "models/" + model + ".conf");
      Files.move(tmp, models.resolve(model + ".conf"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return List.of();
    } catch (BadFileException e) {
      return List.of(e.getMessage().replace(tmp.toString(), "models/" + model + ".conf"));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Validates a cart profile; if valid, stores it as the next version, signs it and activates it. */
  public synchronized Upload putCart(String cartId, String hocon) throws IOException {
    Path dir = Files.createDirectories(carts.resolve(cartId));
    int next = versions(cartId).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    Path conf = dir.resolve(next + ".conf");
    String shown = "carts/" + cartId + ".conf";
    Files.writeString(conf, hocon, StandardCharsets.UTF_8);
    try {
      Validation v = CartProfiles.validateCart(conf, models);
      List<String> problems = new ArrayList<>(texts(v.problems(), conf, shown));
      if (v.ok() && !v.profile().identity().cartId().equals(cartId)) {
        problems.add("identity.cart-id: expected \"" + cartId + "\" (the cart in the URL) but found \""
            + v.profile().identity().cartId() + "\"");
      }
      if (!problems.isEmpty()) {
        Files.delete(conf);
        return new Upload(0, problems);
      }
      Files.writeString(dir.resolve(next + ".bundle.json"), BundleSigner.sign(v.profile(), signingKey).toText(),
          StandardCharsets.UTF_8);
      activate(cartId, next);
      return new Upload(next, List.of());
    } catch (BadFileException e) {
      Files.deleteIfExists(conf);
      return new Upload(0, List.of(e.getMessage().replace(conf.toString(), shown)));
    }
  }

  /** The active signed bundle of a cart, if it has one. */
  public synchronized Optional<Served> active(String cartId) throws IOException {
    Path active = carts.resolve(cartId).resolve("active");
    if (!Files.exists(active)) return Optional.empty();
    int n = Integer.parseInt(Files.readString(active).trim());
    byte[] bundle = Files.readAllBytes(carts.resolve(cartId).resolve(n + ".bundle.json"));
    return Optional.of(new Served(bundle, etag(bundle), n));
  }

  /** Stored versions of a cart, ascending. */
  public synchronized List<Integer> versions(String cartId) throws IOException {
    Path dir = carts.resolve(cartId);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\.bundle\\.json"))
          .map(n -> Integer.parseInt(n.substring(0, n.indexOf('.')))).sorted().toList();
    }
  }

  /** Makes an earlier version active again; false if there is no such version. */
  public synchronized boolean rollback(String cartId, int version) throws IOException {
    if (!versions(cartId).contains(version)) return false;
    activate(cartId, version);
    return true;
  }

  private void activate(String cartId, int version) throws IOException {
    Path dir = carts.resolve(cartId);
    Path tmp = dir.resolve("active.tmp");
    Files.writeString(tmp, Integer.toString(version));
    Files.move(tmp, dir.resolve("active"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static List<String> texts(List<Problem> problems, Path file, String shown) {
    return problems.stream().map(p -> p.message().replace(file.toString(), shown)).toList();
  }

  static String etag(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
