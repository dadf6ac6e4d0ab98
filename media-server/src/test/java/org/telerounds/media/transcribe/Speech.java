package org.telerounds.media.transcribe;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test helper: real speech made by Debian's flite (voice slt), read as 16 kHz mono. */
final class Speech {
  private Speech() {}

  static boolean hasFlite() {
    return Files.isExecutable(Path.of("/usr/bin/flite"));
  }

  /** Synthesises {@code text}; skips the test with a clear message when flite is not installed. */
  static short[] say(String text, Path dir) throws IOException, InterruptedException {
    assumeTrue(hasFlite(), "flite is not installed (apt-get install flite): no speech to recognise");
    Path wav = dir.resolve("say-" + Math.abs(text.hashCode()) + ".wav");
    Process p = new ProcessBuilder("/usr/bin/flite", "-voice", "slt", "-t", text, "-o", wav.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("flite failed");
    }
    return WavReader.read16kMono(wav);
  }

  /** {@code ms} of digital silence at 16 kHz. */
  static short[] silence(int ms) {
    return new short[ms * 16];
  }

  static short[] concat(short[]... parts) {
    int n = 0;
    for (short[] p : parts) {
      n += p.length;
    }
    short[] out = new short[n];
    int o = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
