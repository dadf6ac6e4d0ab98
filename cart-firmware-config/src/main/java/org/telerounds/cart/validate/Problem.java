package org.telerounds.cart.validate;

/**
 * One thing wrong with a profile, phrased so a person can fix it: the HOCON path
 * ({@code cameras.room.fps}, {@code network.turn-servers[0].urls[1]}), what the schema expected,
 * what the file holds instead, and where ({@code file} may be {@code null} and {@code line} 0
 * when unknown). {@link #message()} is the one-line form the CLI prints, e.g.
 * {@code cameras.exam.role: expected one of camera:room, camera:exam but found "camera:ceiling"
 * (carts/cart-0042.conf:17)}.
 */
public record Problem(String path, String expected, String found, String file, int line) {

  /** The message without the location: {@code path: expected X but found Y}. */
  public String text() {
    return path + ": expected " + expected + " but found " + found;
  }

  /** {@code file:line}, {@code file}, or the empty string when the location is unknown. */
  public String location() {
    if (file == null || file.isEmpty()) {
      return "";
    }
    return line > 0 ? file + ":" + line : file;
  }

  /** The full one-line message: {@link #text()} followed by {@code (file:line)} when known. */
  public String message() {
    String where = location();
    return where.isEmpty() ? text() : text() + " (" + where + ")";
  }

  @Override
  public String toString() {
    return message();
  }
}
