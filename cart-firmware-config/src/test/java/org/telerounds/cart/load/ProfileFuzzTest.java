package org.telerounds.cart.load;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.telerounds.cart.CartProfiles;
import org.telerounds.cart.bundle.BundleSigner;
import org.telerounds.cart.bundle.BundleVerifier;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.validate.Validation;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for cart profile loading and validation on arbitrary text, as an admin's upload
 * reaches it: HOCON parsing (includes refused), {@code extends} from a models directory holding
 * the shipped models, substitution, and every validation rule. The one documented failure is
 * {@link BadFileException}; any other exception is a finding. A profile that validates must sign
 * and then verify.
 */
public class ProfileFuzzTest {
  private static final Path DIR = setUp();
  private static final Path CART = DIR.resolve("carts").resolve("fuzz.conf");
  private static final Path MODELS = DIR.resolve("models");
  private static final KeyPair KEYS = Ed25519Keys.generate();

  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void load(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    try {
      Files.write(CART, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Validation v;
    try {
      v = CartProfiles.validateCart(CART, MODELS);
    } catch (BadFileException expected) {
      return;
    }
    v.problems().forEach(p -> p.message());
    if (v.ok()) {
      String bundle = BundleSigner.sign(v.profile(), KEYS.getPrivate()).toText();
      if (!BundleVerifier.verify(bundle, KEYS.getPublic()).valid()) {
        throw new IllegalStateException("a valid profile signed to a bundle that does not verify");
      }
    }
  }

  private static Path setUp() {
    try {
      // Each input is written to a file, as an upload is. On ext4, rewriting a truncated file forces a
      // flush (auto_da_alloc), which capped the long run at about 1,000 executions/s: use tmpfs if there is one.
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "profile-fuzz")
          : Files.createTempDirectory("profile-fuzz");
      Files.createDirectories(dir.resolve("carts"));
      Files.createDirectories(dir.resolve("models"));
      for (String model : List.of("rc200", "rc300-cardio", "testcart")) {
        try (InputStream in = ProfileFuzzTest.class.getResourceAsStream("fuzzmodels/" + model + ".conf")) {
          Files.copy(in, dir.resolve("models").resolve(model + ".conf"));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
