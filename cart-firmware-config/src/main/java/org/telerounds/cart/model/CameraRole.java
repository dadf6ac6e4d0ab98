package org.telerounds.cart.model;

/**
 * The track role a camera publishes under. The wire name travels in signaling and in the bundle:
 * {@code camera:room} is the wide view of the bed (usually the PTZ camera), {@code camera:exam}
 * the close-up examination camera.
 */
public enum CameraRole {
  ROOM("camera:room"),
  EXAM("camera:exam");

  private final String wire;

  CameraRole(String wire) {
    this.wire = wire;
  }

  /** The name used in profiles, bundles and signaling, e.g. {@code camera:room}. */
  public String wire() {
    return wire;
  }
}
