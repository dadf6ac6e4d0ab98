package org.telerounds.cart.model;

/**
 * Who the cart is: its own id, its hardware model (which names the base profile it extends), and
 * the hospital and ward it serves. All four are ids of the form {@code [a-z0-9-]{1,64}}; in a base
 * profile only {@code model} is set and the others are {@code null}.
 */
public record Identity(String cartId, String model, String hospital, String ward) {}
