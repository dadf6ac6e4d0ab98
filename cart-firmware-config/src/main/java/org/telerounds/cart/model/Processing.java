package org.telerounds.cart.model;

/**
 * What the server does with an audio input: {@code enhance} feeds it to noise suppression and
 * gain (and from there to the server's {@code voice:enhanced} track), {@code bypass} forwards it
 * untouched. Stethoscopes are always {@code bypass}.
 */
public enum Processing {
  ENHANCE,
  BYPASS;

  /** The lower-case name used in profiles and bundles. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
