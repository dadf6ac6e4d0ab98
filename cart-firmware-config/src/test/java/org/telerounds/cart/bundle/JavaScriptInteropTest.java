package org.telerounds.cart.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.CartProfiles;

/**
 * The browser side of the bundle format: {@code web/cart-bundle.js}, run under Node's WebCrypto
 * (the same API as the cart page's), verifies what Java signed and computes the same canonical
 * bytes. Skipped where no {@code node} is installed.
 */
class JavaScriptInteropTest {
  @TempDir Path dir;
  private final KeyPair keys = Ed25519Keys.generate();

  @BeforeEach
  void copyScripts() throws IOException {
    assumeTrue(node() != null, "node is not installed");
    Files.copy(Path.of("src/main/resources/web/cart-bundle.js"), dir.resolve("cart-bundle.mjs"));
    Files.copy(Path.of("src/test/resources/js/node-runner.mjs"), dir.resolve("node-runner.mjs"));
    Files.writeString(dir.resolve("public.pem"), Ed25519Keys.publicPem(keys.getPublic()));
  }

  @Test
  void javaScriptVerifiesAJavaSignedBundle() throws Exception {
    Path bundle = signExample();
    Result r = run("verify", bundle.toString(), dir.resolve("public.pem").toString());
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).startsWith("OK signature valid: key " + Ed25519Keys.keyId(keys.getPublic()));
  }

  @Test
  void javaScriptRefusesATamperedBundle() throws Exception {
    Path bundle = signExample();
    Files.writeString(bundle, Files.readString(bundle).replace("\"fps\" : 30", "\"fps\" : 60"));
    Result r = run("verify", bundle.toString(), dir.resolve("public.pem").toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.output).startsWith("FAILED the signature does not match the profile");
  }

  @Test
  void javaScriptComputesTheSameCanonicalBytes() throws Exception {
    String tricky = "{\"z\":[1,-0,30.0,{\"b\":\"\\u0001\\u001f\\b\\t\\\"\\\\/\",\"a\":null}],\"10\":true,\"9\":false,"
        + "\"\\u00e9\":\"\\u2028\\ud83d\\ude00\\ud800\",\"A\":\"\\u007f\"}";
    Path file = dir.resolve("tricky.json");
    Files.writeString(file, tricky);
    Result r = run("canonical", file.toString());
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).isEqualTo(CanonicalJson.text(Json.parse(tricky)));
  }

  private Path signExample() throws Exception {
    var profile = CartProfiles.validateCart(Path.of("examples/carts/cart-0107.conf"), null).profile();
    Path bundle = dir.resolve("signed.json");
    Files.writeString(bundle, BundleSigner.sign(profile, keys.getPrivate()).toText());
    return bundle;
  }

  private record Result(int exit, String output) {}

  private Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(node(), "--no-warnings", dir.resolve("node-runner.mjs").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out.strip());
  }

  private static String node() {
    for (String candidate : List.of("/usr/bin/node", "/usr/local/bin/node")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }
}
