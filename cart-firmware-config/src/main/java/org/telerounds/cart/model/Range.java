package org.telerounds.cart.model;

/** An inclusive integer range of one PTZ axis, with {@code min < max}. */
public record Range(int min, int max) {}
