package org.telerounds.cart.cli;

import java.io.PrintStream;
import java.util.List;
import org.telerounds.cart.load.BadFileException;

/**
 * One subcommand of the tool. {@link #run} reports results on {@code out} and errors on
 * {@code err} and returns an {@link Exit} code; bad files and bad usage are thrown and turned into
 * one-line messages by the caller.
 */
public interface Command {
  /** The subcommand's name, e.g. {@code validate}. */
  String name();

  /** The one-line synopsis shown in the usage text. */
  String synopsis();

  /** Runs the command with the arguments after its name. */
  int run(List<String> args, PrintStream out, PrintStream err) throws BadFileException, UsageException;
}
