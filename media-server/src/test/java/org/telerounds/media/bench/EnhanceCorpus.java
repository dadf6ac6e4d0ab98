package org.telerounds.media.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.telerounds.media.enhance.EnhanceCommand;

/**
 * Runs every 48 kHz WAV of a directory through {@code telerounds enhance} (the live enhancement
 * pipeline, patient mic only) in one JVM, for the raw-vs-enhanced WER row of docs/benchmarks.md.
 * {@code java ... EnhanceCorpus IN_DIR OUT_DIR [PRESET]}; used by tools/corpus/enhance-corpus.sh.
 */
public final class EnhanceCorpus {
  private EnhanceCorpus() {}

  public static void main(String[] args) throws Exception {
    Path in = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args[1]));
    String preset = args.length > 2 ? args[2] : "standard";
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    List<Path> files;
    try (var s = Files.list(in)) {
      files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
    }
    for (Path f : files) {
      int rc = EnhanceCommand.run(new String[] {"--patient", f.toString(), "--out",
          out.resolve(f.getFileName()).toString(), "--preset", preset}, quiet, System.err);
      if (rc != 0) {
        System.exit(rc);
      }
    }
    System.err.printf("%d files enhanced (%s) into %s%n", files.size(), preset, out);
  }
}
