package org.telerounds.cart.cli;

/**
 * The tool's exit codes: {@link #OK}; {@link #FAILED} when a profile is invalid or a bundle fails
 * verification; {@link #BAD_INPUT} for a bad command line or a file that cannot be used at all
 * (missing, unreadable, malformed); {@link #INTERNAL} for a bug, reported in one line.
 */
public final class Exit {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL = 3;

  private Exit() {}
}
