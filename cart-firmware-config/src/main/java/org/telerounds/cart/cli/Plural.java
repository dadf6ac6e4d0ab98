package org.telerounds.cart.cli;

/** "1 problem", "3 problems": counts in messages. */
final class Plural {
  private Plural() {}

  static String of(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
