package org.telerounds.cart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.CartConfigCli;

/** The command-line tool's exit codes and messages, run in-process with captured streams. */
class CartConfigCliTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = CartConfigCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    assertThat(run.out + run.err).doesNotContain("Exception", "\tat ");
    return run;
  }

  @Test
  void validateExamplesExitsZero() {
    Run r = cli("validate", "examples/carts/cart-0042.conf", "examples/carts/cart-0107.conf");
    assertThat(r.exit).isZero();
    assertThat(r.out).contains("OK      examples/carts/cart-0042.conf (cart cart-0042, model rc200)");
    assertThat(cli("validate", "--base", "examples/models/rc200.conf", "examples/models/rc300-cardio.conf").exit).isZero();
  }

  @Test
  void validatePrintsEveryProblemAndExitsOne() {
    Run r = cli("validate", "src/test/resources/broken/several-problems.conf");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.out).contains("INVALID src/test/resources/broken/several-problems.conf: 3 problems")
        .contains("  cameras.room.fps: expected an integer from 1 to 60 (frames per second) but found 0"
            + " (src/test/resources/broken/several-problems.conf:6)");
  }

  @Test
  void validatingABaseProfileAsACartHintsAtBase() {
    Run r = cli("validate", "examples/models/rc200.conf");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.out).contains("validate it with --base");
  }

  @Test
  void missingAndMalformedFilesAreOneLineErrorsWithExitTwo() throws Exception {
    Run missing = cli("validate", "no/such/cart.conf");
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err).isEqualTo("ERROR   cannot read profile no/such/cart.conf: no such file\n");

    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "identity {\n  cart-id = \"x\"\n");
    Run malformed = cli("validate", bad.toString());
    assertThat(malformed.exit).isEqualTo(2);
    assertThat(malformed.err).startsWith("ERROR   malformed HOCON in profile " + bad).hasLineCount(1);

    Run both = cli("validate", "examples/carts/cart-0042.conf", "no/such/cart.conf");
    assertThat(both.exit).isEqualTo(2);
    assertThat(both.out).contains("OK ");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(cli().exit).isEqualTo(2);
    Run unknown = cli("frobnicate");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err).startsWith("error: unknown command frobnicate\nusage: telerounds-cart");
    Run option = cli("validate", "--strict", "x.conf");
    assertThat(option.exit).isEqualTo(2);
    assertThat(option.err).startsWith("error: unknown option --strict\nusage: telerounds-cart validate");
    assertThat(cli("sign", "examples/carts/cart-0042.conf").err).startsWith("error: missing --key FILE");
    assertThat(cli("render").err).startsWith("error: expected exactly one profile FILE");
    Run help = cli("--help");
    assertThat(help.exit).isZero();
    assertThat(help.out).contains("validate", "render", "keygen", "sign", "verify");
  }

  @Test
  void renderWritesTheUnsignedBundle() throws Exception {
    Run stdout = cli("render", "examples/carts/cart-0215.conf");
    assertThat(stdout.exit).isZero();
    assertThat(stdout.out).startsWith("{\n  \"format\" : \"telerounds-cart-bundle/1\",").doesNotContain("signature");
    Path out = dir.resolve("bundle.json");
    assertThat(cli("render", "examples/carts/cart-0215.conf", "--out", out.toString()).exit).isZero();
    assertThat(Files.readString(out)).isEqualTo(stdout.out);
    Run broken = cli("render", "src/test/resources/broken/bitrate-too-high.conf");
    assertThat(broken.exit).isEqualTo(1);
    assertThat(broken.err).contains("refusing to render");
  }

  @Test
  void keygenSignVerifyAndTamper() throws Exception {
    Path keys = dir.resolve("keys");
    Run keygen = cli("keygen", "--out-dir", keys.toString());
    assertThat(keygen.exit).isZero();
    assertThat(keygen.out).contains("key id ");
    assertThat(cli("keygen", "--out-dir", keys.toString()).err).contains("refusing to overwrite");

    Path signed = dir.resolve("signed.json");
    Run sign = cli("sign", "examples/carts/cart-0107.conf", "--key", keys.resolve("private.pem").toString(),
        "--out", signed.toString());
    assertThat(sign.exit).as(sign.err).isZero();
    assertThat(sign.out).startsWith("wrote " + signed + " (cart cart-0107, key ");

    Run verify = cli("verify", signed.toString(), "--pub", keys.resolve("public.pem").toString());
    assertThat(verify.exit).isZero();
    assertThat(verify.out).startsWith("OK      " + signed + ": signature valid: key ");

    Files.writeString(signed, Files.readString(signed).replace("\"ward\" : \"ccu\"", "\"ward\" : \"icu\""));
    Run tampered = cli("verify", signed.toString(), "--pub", keys.resolve("public.pem").toString());
    assertThat(tampered.exit).isEqualTo(1);
    assertThat(tampered.out).startsWith("FAILED  " + signed + ": the signature does not match the profile");
  }

  @Test
  void signRefusesAnInvalidProfile() throws Exception {
    Path keys = dir.resolve("keys");
    cli("keygen", "--out-dir", keys.toString());
    Path out = dir.resolve("never.json");
    Run r = cli("sign", "src/test/resources/broken/stethoscope-enhanced.conf", "--key",
        keys.resolve("private.pem").toString(), "--out", out.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err).contains("audio-inputs.steth.processing: expected bypass")
        .contains("refusing to sign src/test/resources/broken/stethoscope-enhanced.conf: 1 problem");
    assertThat(out).doesNotExist();
  }

  @Test
  void badKeyAndBundleFilesExitTwo() throws Exception {
    Path notPem = dir.resolve("key.pem");
    Files.writeString(notPem, "hello");
    Run sign = cli("sign", "examples/carts/cart-0042.conf", "--key", notPem.toString());
    assertThat(sign.exit).isEqualTo(2);
    assertThat(sign.err).isEqualTo("error: " + notPem + ": expected a PEM block \"-----BEGIN PRIVATE KEY-----\"\n");
    Run verify = cli("verify", dir.resolve("none.json").toString(), "--pub", notPem.toString());
    assertThat(verify.exit).isEqualTo(2);
  }
}
