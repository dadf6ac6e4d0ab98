package org.telerounds.cart.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.telerounds.cart.bundle.BundleVerifier;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.bundle.Verification;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.load.TextFiles;

/**
 * {@code verify BUNDLE --pub public.pem}: checks a signed bundle exactly as a cart does and says
 * why it fails. Exit 0 when authentic, 1 when not, 2 when the bundle or key file is unusable.
 */
final class VerifyCommand implements Command {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String synopsis() {
    return "verify BUNDLE --pub public.pem   check a signed bundle as a cart would";
  }

  @Override
  public int run(List<String> tokens, PrintStream out, PrintStream err) throws BadFileException, UsageException {
    Args args = Args.parse(tokens, Set.of(), Set.of("--pub"));
    Path file = Path.of(args.single("BUNDLE file"));
    var key = Ed25519Keys.readPublic(args.requiredPath("--pub"));
    String text = TextFiles.read(file, "bundle");
    Verification v = BundleVerifier.verify(text, key);
    if (v.valid()) {
      out.println("OK      " + file + ": " + v.reason());
      return Exit.OK;
    }
    out.println("FAILED  " + file + ": " + v.reason());
    return Exit.FAILED;
  }
}
