package org.telerounds.cart.model;

/**
 * One audio input on the cart: the label pattern that finds the device, the role it publishes
 * under, whether the server enhances or bypasses it, and the enhancement preset.
 */
public record AudioInput(
    String id, String labelPattern, AudioRole role, Processing processing, Preset preset) {}
