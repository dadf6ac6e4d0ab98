package org.telerounds.cart.bundle;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A test's prerequisite (here: Debian chromium for {@link BrowserVerifyIT}): missing, the test is
 * skipped on a developer's machine but fails under {@code CI=true}, so CI cannot go green by
 * running nothing. Same rule as signaling's browser ITs ({@code it.Prerequisites}); the
 * environment is injected for {@code CiPrerequisiteTest}.
 */
final class CiPrerequisite {
  private CiPrerequisite() {}

  static void require(boolean ok, String missing) {
    require(System.getenv(), ok, missing);
  }

  static void require(Map<String, String> env, boolean ok, String missing) {
    if (ok) {
      return;
    }
    if ("true".equalsIgnoreCase(env.getOrDefault("CI", "").trim())) {
      throw new AssertionError("CI=true, and this test cannot run: " + missing + " (see .ci/run)");
    }
    Assumptions.abort(missing);
  }
}
