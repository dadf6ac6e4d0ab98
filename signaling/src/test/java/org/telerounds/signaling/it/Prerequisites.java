package org.telerounds.signaling.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * What a browser IT needs from the machine (the test network namespace, Debian chromium and
 * chromium-driver, and whatever else a test names), and what happens when it is missing: on a
 * developer's machine the test is skipped with the reason; under {@code CI=true} it fails, so a CI
 * job that lost its namespace or its browser cannot go green by running nothing. The environment
 * and the file check are injected so the rule itself is unit-tested ({@code PrerequisitesTest}).
 */
final class Prerequisites {
  private final Map<String, String> env;
  private final Predicate<Path> executable;

  /** Debian's Python, which has the python3-* packages (not a pyenv or venv one first on the PATH). */
  static final String PYTHON = "/usr/bin/python3";

  Prerequisites(Map<String, String> env, Predicate<Path> executable) {
    this.env = env;
    this.executable = executable;
  }

  /** This JVM's environment and file system. */
  static Prerequisites here() {
    return new Prerequisites(System.getenv(), Files::isExecutable);
  }

  /** {@code CI=true} (GitHub Actions, GitLab and most CI systems set it; .ci/run runs under it). */
  boolean onCi() {
    return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
  }

  /**
   * The network namespace of .ci/netns/bin/java (root, unshare, iproute2) and Debian's chromium
   * and chromedriver. Skips, or fails under CI, naming what is missing.
   */
  Prerequisites browserMedia() {
    require("1".equals(env.get("TELEROUNDS_TEST_NETNS")),
        "browser media needs the test network namespace (.ci/netns/bin/java runs the IT JVM in one as root)");
    require(executable.test(Path.of(Browser.CHROMIUM)) && executable.test(Path.of(Browser.CHROMEDRIVER)),
        "Debian chromium and chromium-driver are not installed");
    return this;
  }

  /** An executable the test runs, e.g. {@code /usr/bin/flite}; {@code hint} says how to install it. */
  Prerequisites tool(String path, String hint) {
    require(executable.test(Path.of(path)), path + " is not installed (" + hint + ")");
    return this;
  }

  /**
   * Debian's {@code /usr/bin/python3} can import {@code modules} (comma-separated, e.g.
   * {@code "aiortc, websockets"}); {@code hint} says how to install them.
   */
  Prerequisites python(String modules, String hint) {
    tool(PYTHON, "Debian python3");
    boolean ok;
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import " + modules).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      ok = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    }
    return require(ok, PYTHON + " cannot import " + modules + " (" + hint + ")");
  }

  /** A condition of the test's own, e.g. a model directory being present. */
  Prerequisites require(boolean ok, String missing) {
    if (ok) {
      return this;
    }
    if (onCi()) {
      throw new AssertionError("CI=true, and this test cannot run: " + missing
          + ". Under CI a browser IT fails rather than skips; fix the CI machine (see .ci/run).");
    }
    Assumptions.abort(missing);
    return this;
  }
}
