package org.telerounds.cart.validate;

import java.util.List;
import org.telerounds.cart.model.CartProfile;

/**
 * The outcome of validating one profile file: every problem found, and the typed profile when
 * there were none. A base profile never yields a {@link CartProfile}, since it is not a whole cart.
 */
public record Validation(List<Problem> problems, CartProfile profile) {

  public Validation {
    problems = List.copyOf(problems);
  }

  /** Whether the profile passed every check. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
