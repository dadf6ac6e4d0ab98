package org.telerounds.cart.model;

/**
 * The gain and noise-suppression preset for an enhanced audio input. {@code gentle} is low noise
 * suppression with fixed gain (quiet single rooms), {@code standard} moderate suppression with
 * adaptive gain (most wards), {@code aggressive} high suppression with adaptive gain (busy bays,
 * alarms). {@code none} is the only preset allowed, and the default, for bypassed inputs.
 */
public enum Preset {
  NONE,
  GENTLE,
  STANDARD,
  AGGRESSIVE;

  /** The lower-case name used in profiles and bundles. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
