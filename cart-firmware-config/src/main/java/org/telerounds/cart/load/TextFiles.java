package org.telerounds.cart.load;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes the small UTF-8 text files the CLI works with (keys, bundles), turning every
 * I/O failure into a {@link BadFileException} with a one-line message that names the file.
 */
public final class TextFiles {
  private TextFiles() {}

  /** The UTF-8 text of {@code file}; {@code what} names it in errors ("key", "bundle"). */
  public static String read(Path file, String what) throws BadFileException {
    if (Files.isDirectory(file)) {
      throw new BadFileException("cannot read " + what + " " + file + ": it is a directory");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BadFileException("cannot read " + what + " " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new BadFileException("cannot read " + what + " " + file + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new BadFileException("cannot read " + what + " " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new BadFileException("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /**
   * As {@link #read(Path, String)}, refusing a file larger than {@code maxBytes} before reading it.
   */
  public static String read(Path file, String what, long maxBytes) throws BadFileException {
    try {
      if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
        throw new BadFileException("cannot read " + what + " " + file + ": larger than " + maxBytes + " bytes");
      }
    } catch (IOException e) {
      throw new BadFileException("cannot read " + what + " " + file + ": " + e.getClass().getSimpleName());
    }
    return read(file, what);
  }

  /** Writes {@code text} to {@code file} as UTF-8, replacing it. */
  public static void write(Path file, String text) throws BadFileException {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadFileException("cannot write " + file + ": "
          + (e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage())));
    }
  }
}
