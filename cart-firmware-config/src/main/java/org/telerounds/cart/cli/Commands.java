package org.telerounds.cart.cli;

import java.util.List;

/** The tool's subcommands, in the order the usage text lists them. */
public final class Commands {
  private Commands() {}

  /** Every subcommand. */
  public static List<Command> all() {
    return List.of(new ValidateCommand(), new RenderCommand(), new KeygenCommand(), new SignCommand(),
        new VerifyCommand());
  }
}
