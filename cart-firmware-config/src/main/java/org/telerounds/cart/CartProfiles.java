package org.telerounds.cart;

import java.nio.file.Path;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.load.LoadedProfile;
import org.telerounds.cart.load.ProfileLoader;
import org.telerounds.cart.validate.ProfileValidator;
import org.telerounds.cart.validate.Problems;
import org.telerounds.cart.validate.Validation;

/**
 * The module's API for loading profiles: read a HOCON file, merge it over the base profile it
 * extends, and validate the result. The CLI uses it, and so will the signaling server's cart
 * REST endpoints.
 */
public final class CartProfiles {
  private CartProfiles() {}

  /**
   * Loads and validates the cart profile {@code file}, resolving {@code extends} in
   * {@code modelsDir} (null: {@code ../models} next to the file's directory).
   */
  public static Validation validateCart(Path file, Path modelsDir) throws BadFileException {
    return validate(file, modelsDir, false);
  }

  /**
   * Loads and validates {@code file}; a {@code base} profile is a model's shared settings, where
   * keys left for carts to set are not problems and no typed profile is produced.
   */
  public static Validation validate(Path file, Path modelsDir, boolean base) throws BadFileException {
    try {
      return validateUnguarded(file, modelsDir, base);
    } catch (StackOverflowError e) {
      // Typesafe Config parses and resolves recursively: a few kB of dotted keys ("a.a.a...")
      // nest deep enough to overflow the stack (found by ProfileFuzzTest's long run). The
      // recursion is ours alone and has unwound here, so refusing the file is safe.
      throw new BadFileException("cannot read " + (base ? "base profile " : "profile ") + file
          + ": nested too deeply");
    }
  }

  private static Validation validateUnguarded(Path file, Path modelsDir, boolean base) throws BadFileException {
    Problems problems = new Problems(base);
    LoadedProfile loaded = new ProfileLoader(modelsDir).load(file, problems);
    if (!problems.isEmpty()) {
      // a broken extends: checking the rest would only list what the missing base would supply
      return new Validation(problems.list(), null);
    }
    return ProfileValidator.validate(loaded.config(), loaded.extendsModel(), problems);
  }
}
