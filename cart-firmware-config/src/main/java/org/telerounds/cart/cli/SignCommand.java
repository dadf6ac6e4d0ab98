package org.telerounds.cart.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.telerounds.cart.bundle.Bundle;
import org.telerounds.cart.bundle.BundleSigner;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.load.TextFiles;
import org.telerounds.cart.model.CartProfile;

/**
 * {@code sign [--models DIR] FILE --key private.pem [--out signed.json]}: validates a cart
 * profile first and refuses to sign it if it has any problem; otherwise writes the signed bundle
 * to {@code --out} or standard output.
 */
final class SignCommand implements Command {
  @Override
  public String name() {
    return "sign";
  }

  @Override
  public String synopsis() {
    return "sign [--models DIR] FILE --key private.pem [--out signed.json]   validate, then sign";
  }

  @Override
  public int run(List<String> tokens, PrintStream out, PrintStream err) throws BadFileException, UsageException {
    Args args = Args.parse(tokens, Set.of(), Set.of("--key", "--out", "--models"));
    Path file = Path.of(args.single("profile FILE"));
    Path keyFile = args.requiredPath("--key");
    var key = Ed25519Keys.readPrivate(keyFile);
    CartProfile profile = ValidCart.load(file, args.path("--models"), "sign", err);
    if (profile == null) {
      return Exit.FAILED;
    }
    Bundle bundle = BundleSigner.sign(profile, key);
    Path target = args.path("--out");
    if (target == null) {
      out.print(bundle.toText());
    } else {
      TextFiles.write(target, bundle.toText());
      out.println("wrote " + target + " (cart " + profile.identity().cartId() + ", key " + bundle.keyId() + ")");
    }
    return Exit.OK;
  }
}
