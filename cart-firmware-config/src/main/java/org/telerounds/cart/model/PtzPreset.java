package org.telerounds.cart.model;

/**
 * A named camera position an expert can recall ("bed-overview", "patient-face"): the value of
 * each axis it sets, or {@code null} for an axis it leaves where it is. Units as in {@link Ptz}.
 */
public record PtzPreset(String name, Integer pan, Integer tilt, Integer zoom) {}
