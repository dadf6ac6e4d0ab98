package org.telerounds.cart.model;

/**
 * The cart's privacy defaults: whether it starts a round with video off (privacy mode) or muted,
 * whether remote experts may steer the PTZ camera, and after how many idle seconds privacy mode
 * turns itself on (0: never).
 */
public record Privacy(
    boolean videoOffOnStart,
    boolean mutedOnStart,
    boolean allowRemotePtz,
    long idlePrivacyAfterSeconds) {}
