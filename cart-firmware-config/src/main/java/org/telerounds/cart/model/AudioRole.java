package org.telerounds.cart.model;

/**
 * The track role an audio input publishes under. {@code mic:patient} and {@code mic:room} feed
 * the server's voice enhancer; {@code audio:stethoscope} is always forwarded raw.
 */
public enum AudioRole {
  PATIENT("mic:patient"),
  ROOM("mic:room"),
  STETHOSCOPE("audio:stethoscope");

  private final String wire;

  AudioRole(String wire) {
    this.wire = wire;
  }

  /** The name used in profiles, bundles and signaling, e.g. {@code mic:patient}. */
  public String wire() {
    return wire;
  }
}
