package org.telerounds.cart.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.cart.validate.Problems;

/**
 * An uploaded profile reaches nothing outside itself and its base profile: every form of HOCON
 * include is refused before anything is opened or fetched, and substitutions never read the
 * environment, system properties or the server's settings. No refusal echoes outside content.
 */
class ProfileIsolationTest {
  private static final String FILE_CANARY = "file-canary-93be41";
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private BadFileException refusal(String profile) throws Exception {
    Path cart = write("carts/c.conf", profile);
    try {
      new ProfileLoader(dir.resolve("models")).load(cart, new Problems(false));
    } catch (BadFileException e) {
      return e;
    }
    throw new AssertionError("profile was accepted: " + profile);
  }

  @Test
  void includeFileIsRefusedWithoutReadingIt() throws Exception {
    Path secret = write("outside/secret.conf", "leak = \"" + FILE_CANARY + "\"\n");
    for (String inc : new String[] {"include file(\"/etc/passwd\")",
        "include file(\"" + secret + "\")", "include required(file(\"" + secret + "\"))"}) {
      BadFileException e = refusal(inc + "\nx = ${?leak}\n");
      assertThat(e).hasMessageContaining("include refused").hasMessageContaining("carts/c.conf")
          .hasMessageNotContaining(FILE_CANARY).hasMessageNotContaining("root:x:0:0");
    }
  }

  @Test
  void includeRelativeIsRefused() throws Exception {
    write("carts/x.conf", "leak = \"" + FILE_CANARY + "\"\n");
    write("carts/x", "leak = \"" + FILE_CANARY + "\"\n");
    assertThat(refusal("include \"x\"\na = ${leak}\n")).hasMessageContaining("include refused")
        .hasMessageNotContaining(FILE_CANARY);
  }

  @Test
  void includeClasspathIsRefused() throws Exception {
    for (String res : new String[] {"reference.conf", "leak/leak-canary.conf"}) {
      BadFileException e = refusal("include classpath(\"" + res + "\")\na = ${?telerounds.auth.secret}\n");
      assertThat(e).hasMessageContaining("include refused").hasMessageNotContaining("classpath-canary");
    }
  }

  @Test
  void includeUrlIsRefusedAndTheServerGetsNoRequest() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", ex -> {
      requests.incrementAndGet();
      byte[] body = "leak = \"url-canary\"\n".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/hocon");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    http.start();
    try {
      String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
      for (String inc : new String[] {"include url(\"" + url + "\")", "include \"" + url + "x.conf\"",
          "include required(url(\"" + url + "\"))"}) {
        BadFileException e = refusal(inc + "\na = ${?leak}\n");
        assertThat(e).hasMessageContaining("include refused").hasMessageNotContaining("url-canary");
      }
    } finally {
      http.stop(0);
    }
    // the parse is synchronous: had the include been followed, the request would have been served already
    assertThat(requests).hasValue(0);
  }

  @Test
  void includeInsideANestedObjectIsRefusedToo() throws Exception {
    assertThat(refusal("a { b { include file(\"/etc/passwd\") } }\n")).hasMessageContaining("include refused");
  }

  @Test
  void includeInABaseProfileIsRefused() throws Exception {
    write("models/m1.conf", "include file(\"/etc/passwd\")\n");
    assertThat(refusal("extends = \"m1\"\n")).hasMessageContaining("include refused")
        .hasMessageContaining("base profile");
  }

  @Test
  void substitutionsNeverReadSystemPropertiesOrEnvironment() throws Exception {
    System.setProperty("telerounds.auth.secret", "sysprop-canary-5521");
    try {
      for (String ref : new String[] {"telerounds.auth.secret", "PATH", "user.home", "HOME"}) {
        BadFileException e = refusal("identity.cart-id = ${" + ref + "}\n");
        assertThat(e).hasMessageContaining("${" + ref + "}").hasMessageContaining("never read")
            .hasMessageNotContaining("sysprop-canary-5521").hasMessageNotContaining(System.getenv("PATH"));
        if (!dir.startsWith(System.getProperty("user.home"))) {
          assertThat(e).hasMessageNotContaining(System.getProperty("user.home"));
        }
      }
      // optional substitutions to outside values stay empty rather than reading them
      Path cart = write("carts/o.conf", "a = ${?telerounds.auth.secret}\nb = ${?PATH}\n");
      var config = new ProfileLoader(dir.resolve("models")).load(cart, new Problems(false)).config();
      assertThat(config.hasPath("a")).isFalse();
      assertThat(config.hasPath("b")).isFalse();
    } finally {
      System.clearProperty("telerounds.auth.secret");
    }
  }

  @Test
  void substitutionsWithinTheProfileAndItsBaseStillWork() throws Exception {
    write("models/m2.conf", "rate = 2000\nlabel = \"cam-\"${rate}\n");
    Path cart = write("carts/c.conf", "extends = \"m2\"\nrate = 1000\nother = ${label}\n");
    var config = new ProfileLoader(dir.resolve("models")).load(cart, new Problems(false)).config();
    assertThat(config.getString("other")).isEqualTo("cam-1000");
  }

  @Test
  void substitutionBlowUpIsRefusedBeforeParsing() throws Exception {
    StringBuilder s = new StringBuilder("a0 = [1, 2, 3, 4, 5, 6, 7, 8]\n");
    for (int i = 1; i <= 40; i++) s.append("a").append(i).append(" = ${a").append(i - 1).append("}${a")
        .append(i - 1).append("}\n");
    assertThat(refusal(s.toString())).hasMessageContaining("too many substitutions");
  }

  @Test
  void oversizedProfileIsRefused() throws Exception {
    assertThat(refusal("a = \"" + "x".repeat(ProfileLoader.MAX_FILE_BYTES) + "\"\n"))
        .hasMessageContaining("larger than");
  }

  @Test
  void substitutionInExtendsIsAOneLineErrorNotACrash() throws Exception {
    // found by ProfileFuzzTest: typing an unresolved extends threw ConfigException.NotResolved
    assertThat(refusal("extends = [1,2]${?PATH}\n")).hasMessageContaining("extends in profile")
        .hasMessageContaining("not a substitution");
    assertThat(refusal("extends = ${x}\nx = \"rc200\"\n")).hasMessageContaining("not a substitution");
    write("models/m3.conf", "extends = ${y}\n");
    assertThat(refusal("extends = \"m3\"\n")).hasMessageContaining("extends in base profile");
  }

  @Test
  void aBadUnicodeEscapeIsAOneLineErrorNotACrash() throws Exception {
    // found by ProfileFuzzTest's long run: the HOCON tokenizer threw IllegalArgumentException
    // ("Not a valid Unicode code point") instead of a ConfigException
    assertThat(refusal("exp\"\\u-9998")).hasMessageContaining("malformed HOCON");
  }

  @Test
  void keysNestedTooDeeplyAreAOneLineErrorNotAStackOverflow() throws Exception {
    // found by ProfileFuzzTest's long run: a few kB of dotted keys overflowed the stack inside
    // Typesafe Config's resolve (a substitution makes it walk the whole depth). A small stack
    // makes the overflow certain here.
    Path cart = write("carts/deep.conf", "x = 1\na" + ".a".repeat(8000) + " = ${x}\n");
    Object[] outcome = new Object[1];
    Thread t = new Thread(null, () -> {
      try {
        outcome[0] = org.telerounds.cart.CartProfiles.validateCart(cart, dir.resolve("models"));
      } catch (Throwable e) {
        outcome[0] = e;
      }
    }, "small-stack", 256 * 1024);
    t.start();
    t.join();
    assertThat(outcome[0]).isInstanceOf(BadFileException.class);
    assertThat(((BadFileException) outcome[0])).hasMessageContaining("nested too deeply");
  }
}
