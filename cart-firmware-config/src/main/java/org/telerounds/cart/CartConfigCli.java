package org.telerounds.cart;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.telerounds.cart.cli.Command;
import org.telerounds.cart.cli.Commands;
import org.telerounds.cart.cli.Exit;
import org.telerounds.cart.cli.UsageException;
import org.telerounds.cart.load.BadFileException;

/**
 * The {@code telerounds-cart} command-line tool for admins: validate cart profiles, render them
 * to JSON bundles, create signing keys, sign bundles and verify them. {@link #main} only exits
 * with the code {@link #run} returns, so tests drive {@code run} with captured streams. Bad input
 * never prints a stack trace: usage errors and unusable files are one line and exit code 2.
 */
public final class CartConfigCli {
  private CartConfigCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool with {@code args}; returns the exit code (see {@link Exit}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(usage());
      return Exit.BAD_INPUT;
    }
    String name = args[0];
    if (List.of("help", "--help", "-h").contains(name)) {
      out.print(usage());
      return Exit.OK;
    }
    Command command = Commands.all().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    if (command == null) {
      err.println("error: unknown command " + name);
      err.print(usage());
      return Exit.BAD_INPUT;
    }
    try {
      return command.run(Arrays.asList(args).subList(1, args.length), out, err);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println("usage: telerounds-cart " + command.synopsis());
      return Exit.BAD_INPUT;
    } catch (BadFileException e) {
      err.println("error: " + e.getMessage());
      return Exit.BAD_INPUT;
    } catch (RuntimeException e) {
      err.println("internal error: " + e + " (please report this with the command line)");
      return Exit.INTERNAL;
    }
  }

  /** The usage text. */
  static String usage() {
    StringBuilder b = new StringBuilder("usage: telerounds-cart COMMAND [ARGS]\n\ncommands:\n");
    for (Command c : Commands.all()) {
      String[] parts = c.synopsis().split(" {3}", 2);
      b.append(String.format("  %-63s %s\n", parts[0], parts.length > 1 ? parts[1] : ""));
    }
    b.append("\nexit codes: 0 ok, 1 invalid profile or failed verification, 2 bad usage or unusable file\n");
    b.append("--models DIR: where extends = \"MODEL\" finds MODEL.conf (default: ../models next to FILE)\n");
    b.append("see docs/carts.md\n");
    return b.toString();
  }
}
