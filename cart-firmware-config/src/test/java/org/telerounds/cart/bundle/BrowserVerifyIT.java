package org.telerounds.cart.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.CartProfiles;

/**
 * A real browser checks Java-signed bundles with {@code web/cart-bundle.js} and WebCrypto
 * Ed25519: headless Debian Chromium loads a local page (no network) that verifies a good and a
 * tampered bundle. Skipped where {@code /usr/bin/chromium} is not installed; under {@code CI=true} it
 * fails instead.
 */
class BrowserVerifyIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @TempDir Path dir;

  @Test
  void chromiumAcceptsTheSignedBundleAndRefusesTheTamperedOne() throws Exception {
    CiPrerequisite.require(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
    KeyPair keys = Ed25519Keys.generate();
    var profile = CartProfiles.validateCart(Path.of("examples/carts/cart-0042.conf"), null).profile();
    String good = BundleSigner.sign(profile, keys.getPrivate()).toText();
    String tampered = good.replace("\"ward\" : \"icu-3\"", "\"ward\" : \"icu-4\"");
    String script = Files.readString(Path.of("src/main/resources/web/cart-bundle.js")).replace("export ", "");
    String page = "<!doctype html><pre id=out>pending</pre><script>" + script + "\n(async () => {\n"
        + "  const out = document.getElementById('out');\n"
        + "  try {\n"
        + "    const key = await importPublicKeyPem(" + js(Ed25519Keys.publicPem(keys.getPublic())) + ");\n"
        + "    const a = await verifyBundle(" + js(good) + ", [key]);\n"
        + "    const b = await verifyBundle(" + js(tampered) + ", [key]);\n"
        + "    out.textContent = 'good=' + a.valid + ' tampered=' + b.valid + ' reason=' + b.reason;\n"
        + "  } catch (e) { out.textContent = 'error ' + e; }\n"
        + "})();\n</script>";
    Path html = dir.resolve("verify.html");
    Files.writeString(html, page);

    Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=10000", "--dump-dom",
        html.toUri().toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    Matcher m = Pattern.compile("<pre id=\"out\">([^<]*)</pre>").matcher(dom);
    assertThat(m.find()).as(dom).isTrue();
    assertThat(m.group(1)).isEqualTo("good=true tampered=false reason=the signature does not match the profile:"
        + " the bundle was changed after signing, or signed with another key");
  }

  private static String js(String s) {
    return new TextNode(s).toString().replace("</", "<\\/");
  }
}
