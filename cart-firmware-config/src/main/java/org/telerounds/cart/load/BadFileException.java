package org.telerounds.cart.load;

/**
 * A profile, key or bundle file that cannot be used at all: missing, unreadable, or not valid
 * HOCON/JSON/PEM. Unlike a validation problem there is nothing to check inside it; the CLI prints
 * the one-line message and exits with code 2.
 */
public final class BadFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line {@code message} that names the file. */
  public BadFileException(String message) {
    super(message.replaceAll("\\s*\\R\\s*", " ").strip());
  }
}
