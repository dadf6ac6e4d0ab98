package org.telerounds.cart.cli;

/** A command line that does not make sense: unknown option, missing argument. Exit code 2. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
