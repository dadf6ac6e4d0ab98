package org.telerounds.cart.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;
import org.telerounds.cart.bundle.Ed25519Keys;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.load.TextFiles;

/**
 * {@code keygen --out-dir DIR}: creates an Ed25519 signing key pair as {@code DIR/private.pem}
 * (owner-only permissions where the file system has them) and {@code DIR/public.pem}, and prints
 * the key id. It never overwrites an existing key.
 */
final class KeygenCommand implements Command {
  @Override
  public String name() {
    return "keygen";
  }

  @Override
  public String synopsis() {
    return "keygen --out-dir DIR   create DIR/private.pem and DIR/public.pem (Ed25519)";
  }

  @Override
  public int run(List<String> tokens, PrintStream out, PrintStream err) throws BadFileException, UsageException {
    Args args = Args.parse(tokens, Set.of(), Set.of("--out-dir"));
    if (!args.positional().isEmpty()) {
      throw new UsageException("keygen takes no FILE arguments");
    }
    Path dir = args.requiredPath("--out-dir");
    Path priv = dir.resolve("private.pem");
    Path pub = dir.resolve("public.pem");
    for (Path p : List.of(priv, pub)) {
      if (Files.exists(p)) {
        throw new BadFileException("refusing to overwrite " + p + " (move the old key away first)");
      }
    }
    KeyPair pair = Ed25519Keys.generate();
    try {
      Files.createDirectories(dir);
      createPrivate(priv);
    } catch (IOException e) {
      throw new BadFileException("cannot write " + priv + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
    TextFiles.write(priv, Ed25519Keys.privatePem(pair.getPrivate()));
    TextFiles.write(pub, Ed25519Keys.publicPem(pair.getPublic()));
    out.println("wrote " + priv + " (keep it secret) and " + pub + " (install it on carts); key id "
        + Ed25519Keys.keyId(pair.getPublic()));
    return Exit.OK;
  }

  /** Creates the empty private key file, readable by its owner only where POSIX permissions exist. */
  private static void createPrivate(Path priv) throws IOException {
    try {
      Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(priv);
    }
  }
}
