package org.telerounds.cart.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.telerounds.cart.CartProfiles;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.validate.Problem;
import org.telerounds.cart.validate.Validation;

/**
 * {@code validate [--base] [--models DIR] FILE...}: checks each file and prints every problem,
 * one per line with its path, expectation, finding, file and line. Files that cannot be read are
 * reported and skipped. Exit 0 if all are valid, 1 if any has problems, 2 if any is unusable.
 */
final class ValidateCommand implements Command {
  @Override
  public String name() {
    return "validate";
  }

  @Override
  public String synopsis() {
    return "validate [--base] [--models DIR] FILE...   check profiles, print every problem";
  }

  @Override
  public int run(List<String> tokens, PrintStream out, PrintStream err) throws UsageException {
    Args args = Args.parse(tokens, Set.of("--base"), Set.of("--models"));
    if (args.positional().isEmpty()) {
      throw new UsageException("validate needs at least one FILE");
    }
    boolean base = args.flag("--base");
    int exit = Exit.OK;
    int invalid = 0;
    for (String name : args.positional()) {
      Path file = Path.of(name);
      try {
        Validation v = CartProfiles.validate(file, args.path("--models"), base);
        if (v.ok()) {
          out.println("OK      " + file + (base ? " (base profile)"
              : " (cart " + v.profile().identity().cartId() + ", model " + v.profile().identity().model() + ")"));
        } else {
          invalid++;
          out.println("INVALID " + file + ": " + Plural.of(v.problems().size(), "problem"));
          for (Problem p : v.problems()) {
            out.println("  " + p.message());
          }
          if (!base && v.problems().stream().anyMatch(ValidateCommand::missingCartId)) {
            out.println("  (a model's base profile has no cart id: validate it with --base)");
          }
          exit = Math.max(exit, Exit.FAILED);
        }
      } catch (BadFileException e) {
        err.println("ERROR   " + e.getMessage());
        exit = Exit.BAD_INPUT;
      }
    }
    if (args.positional().size() > 1 && invalid > 0) {
      out.println(invalid + " of " + args.positional().size() + " files invalid");
    }
    return exit;
  }

  private static boolean missingCartId(Problem p) {
    return p.path().equals("identity.cart-id") && p.found().equals("no value");
  }
}
