package org.telerounds.cart.model;

import java.util.List;

/**
 * One camera on the cart. {@code labelPattern} is a Java/JavaScript regular expression that the
 * cart matches against {@code MediaDeviceInfo.label} to find the physical device; the rest says
 * how to capture and send it. {@code ptz} is {@code null} for a fixed camera.
 */
public record Camera(
    String id,
    String labelPattern,
    CameraRole role,
    Resolution resolution,
    int fps,
    int maxBitrateKbps,
    List<SimulcastLayer> simulcast,
    Ptz ptz) {

  public Camera {
    simulcast = List.copyOf(simulcast);
  }
}
