package org.telerounds.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telerounds.media.cli.Cli;

/** The command line: {@code --help} names the offline tools, and a bad option is one line and exit 2. */
class TeleroundsCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.execute(new Telerounds.Main(), "telerounds", args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheServerOptionsAndTheOfflineTools() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--config", "--dev", "enhance", "transcribe");
    assertThat(run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("telerounds ");
  }

  @Test
  void unknownOptionsAndToolUsageErrorsAreRefusedWithExit2() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("telerounds: Unknown option: '--bogus'")
        .doesNotContain("\tat ");
    err.reset();
    assertThat(run("enhance", "--out", "x.wav")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("telerounds enhance: Missing required option");
    err.reset();
    assertThat(run("transcribe", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--engine");
  }
}
