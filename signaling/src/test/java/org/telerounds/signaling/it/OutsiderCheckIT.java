package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/security/outsider-check.py against the packaged jar: the faults a security reviewer found
 * (issue 16's "Why": default store keys, a forgeable or truncatable audit log, an audit flood,
 * profile includes, no connection limits, and the smaller ones) tried from outside the process, in
 * production mode, through HTTP, WebSocket, the media port, the store's S3 port and the files on
 * disk. Every check must say DEFENDED. Run against the release before those fixes, 18 of 18 said
 * VULNERABLE (docs/security.md).
 */
class OutsiderCheckIT {
  static final String PYTHON = Prerequisites.PYTHON;

  @Test
  void everyAttackFromOutsideFails(@TempDir Path tmp) throws Exception {
    Prerequisites.here().python("websockets", "apt-get install python3-websockets")
        .tool("/usr/bin/curl", "apt-get install curl");
    Path script = Path.of("..", "tools", "security", "outsider-check.py");
    Path log = tmp.resolve("outsider-check.log");
    Process p = new ProcessBuilder(PYTHON, script.toString(), "--jar", RunCommandIT.JAR.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = p.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    System.out.println(out);
    assertThat(finished).as("the check finished within 15 minutes").isTrue();
    assertThat(out).as("no check could not run").doesNotContain("ERROR ");
    assertThat(out).as("no attack worked").doesNotContain("VULNERABLE");
    assertThat(out).contains("18 of 18 checks DEFENDED");
    assertThat(p.exitValue()).isZero();
  }
}
