package org.telerounds.cart.model;

/**
 * What a pan-tilt-zoom camera can do: the range of each axis it supports, or {@code null} for an
 * axis it lacks. Pan and tilt are in degrees; zoom is in percent of the widest view (100 = 1x).
 */
public record Ptz(Range pan, Range tilt, Range zoom) {}
