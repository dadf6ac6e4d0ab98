package org.telerounds.media.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file a tool writes, checked before any work: it must not be one of the inputs (by
 * path, or the same file through a link), must not be a directory, its directory must exist and
 * be writable, and an existing file is replaced only when asked. It is written beside its final
 * name and moved into place, so a failure never leaves half a file, and never touches an input.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** What is wrong with writing {@code out}, or null. {@code inputs} may hold nulls (absent options). */
  public static String problem(Path out, boolean replace, Path... inputs) {
    Path abs = out.toAbsolutePath().normalize();
    for (Path in : inputs) {
      if (in == null) continue;
      if (abs.equals(in.toAbsolutePath().normalize()) || sameFile(out, in)) {
        return out + ": the output may not be an input (" + in + "); choose another --out";
      }
    }
    if (Files.isDirectory(out)) return out + ": is a directory; --out needs a file name";
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) return out + ": its directory " + dir + " does not exist";
    if (!Files.isWritable(dir)) return out + ": its directory " + dir + " is not writable";
    if (Files.exists(out) && !replace) return out + ": exists; add --force to replace it";
    return null;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes {@code out} by {@code writer} into a temporary file beside it, then moves it into place. */
  public static void writeAtomically(Path out, Writer writer) throws IOException {
    Path abs = out.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".part");
    try {
      writer.write(tmp);
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes a file's content. */
  @FunctionalInterface
  public interface Writer {
    void write(Path file) throws IOException;
  }
}
