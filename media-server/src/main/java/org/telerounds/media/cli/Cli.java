package org.telerounds.media.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every telerounds tool does: results on {@code out}, everything
 * else (errors, progress, usage after an error) on {@code err}. A usage error is one line naming
 * the tool, then the usage, and exit code 2; a bug is one line and exit code 1, never a stack trace.
 */
public final class Cli {
  private Cli() {}

  public static int execute(Object command, String name, String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cl.getCommandSpec().usageMessage().sortOptions(false);
    cl.setParameterExceptionHandler((e, a) -> {
      CommandLine c = e.getCommandLine();
      String who = c == cl ? name : name + " " + c.getCommandName();
      c.getErr().println(who + ": " + e.getMessage());
      c.usage(c.getErr());
      return CommandLine.ExitCode.USAGE;
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      c.getErr().println(name + ": failed: " + e);
      return CommandLine.ExitCode.SOFTWARE;
    });
    giveStreams(cl, out, err);
    int rc = cl.execute(args);
    out.flush();
    err.flush();
    return rc;
  }

  /** A command that writes to the streams {@link #execute} was given (set before it runs). */
  public interface Tool {
    void streams(PrintStream out, PrintStream err);
  }

  private static void giveStreams(CommandLine c, PrintStream out, PrintStream err) {
    if (c.getCommand() instanceof Tool t) t.streams(out, err);
    c.getSubcommands().values().forEach(sub -> giveStreams(sub, out, err));
  }
}
