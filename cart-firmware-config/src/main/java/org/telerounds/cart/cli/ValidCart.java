package org.telerounds.cart.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.telerounds.cart.CartProfiles;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.model.CartProfile;
import org.telerounds.cart.validate.Problem;
import org.telerounds.cart.validate.Validation;

/**
 * Shared by {@code render} and {@code sign}: load a cart profile and hand it on only if it is
 * valid; otherwise print every problem and say what was refused.
 */
final class ValidCart {
  private ValidCart() {}

  /** The valid profile in {@code file}, or {@code null} after printing its problems to {@code err}. */
  static CartProfile load(Path file, Path models, String action, PrintStream err) throws BadFileException {
    Validation v = CartProfiles.validateCart(file, models);
    if (v.ok()) {
      return v.profile();
    }
    for (Problem p : v.problems()) {
      err.println(p.message());
    }
    err.println("refusing to " + action + " " + file + ": " + Plural.of(v.problems().size(), "problem")
        + " (run validate for the same list)");
    return null;
  }
}
