package org.telerounds.cart.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.telerounds.cart.load.BadFileException;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for bundle verification as a cart runs it on bytes fetched from the server: JSON
 * parsing, format and key checks, Base64, canonical JSON and Ed25519. {@link BundleVerifier#verify}
 * reports every failure in its result and documents no exception, so any exception is a finding,
 * as is a changed bundle that still verifies. Seeds are bundles signed with the test key in
 * {@code fuzzkey/public.pem} (its private half was not kept).
 */
public class BundleFuzzTest {
  private static final PublicKey TRUSTED = trusted();

  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void verify(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    Verification v = BundleVerifier.verify(new String(data, StandardCharsets.UTF_8), TRUSTED);
    if (v.reason() == null) {
      throw new IllegalStateException("a verification without a reason");
    }
  }

  private static PublicKey trusted() {
    try (InputStream in = BundleFuzzTest.class.getResourceAsStream("fuzzkey/public.pem")) {
      Path pem = Files.createTempFile("fuzz-public", ".pem");
      Files.write(pem, in.readAllBytes());
      try {
        return Ed25519Keys.readPublic(pem);
      } finally {
        Files.delete(pem);
      }
    } catch (IOException | BadFileException e) {
      throw new IllegalStateException(e);
    }
  }
}
