package org.telerounds.media.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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
    int rc = cl.execute(args);
    out.flush();
    err.flush();
    return rc;
  }

  /** The command's standard output as a PrintStream (what {@link #execute} was given). */
  public static PrintStream out(CommandSpec spec) {
    return stream(spec.commandLine().getOut());
  }

  public static PrintStream err(CommandSpec spec) {
    return stream(spec.commandLine().getErr());
  }

  private static PrintStream stream(PrintWriter w) {
    return new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        w.write(new String(b, off, len, StandardCharsets.UTF_8));
      }

      @Override
      public void flush() {
        w.flush();
      }
    }, true, StandardCharsets.UTF_8);
  }
}
