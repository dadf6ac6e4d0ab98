package org.telerounds.cart.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.telerounds.cart.bundle.Bundle;
import org.telerounds.cart.bundle.ProfileJson;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.load.TextFiles;
import org.telerounds.cart.model.CartProfile;

/**
 * {@code render [--models DIR] FILE [--out bundle.json]}: validates a cart profile and writes its
 * unsigned JSON bundle to {@code --out} or standard output, to inspect what a cart would receive.
 */
final class RenderCommand implements Command {
  @Override
  public String name() {
    return "render";
  }

  @Override
  public String synopsis() {
    return "render [--models DIR] FILE [--out bundle.json]   write the unsigned JSON bundle";
  }

  @Override
  public int run(List<String> tokens, PrintStream out, PrintStream err) throws BadFileException, UsageException {
    Args args = Args.parse(tokens, Set.of(), Set.of("--out", "--models"));
    Path file = Path.of(args.single("profile FILE"));
    CartProfile profile = ValidCart.load(file, args.path("--models"), "render", err);
    if (profile == null) {
      return Exit.FAILED;
    }
    String text = Bundle.unsigned(ProfileJson.render(profile)).toText();
    Path target = args.path("--out");
    if (target == null) {
      out.print(text);
    } else {
      TextFiles.write(target, text);
      out.println("wrote " + target + " (unsigned bundle for cart " + profile.identity().cartId() + ")");
    }
    return Exit.OK;
  }
}
