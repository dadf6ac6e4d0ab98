/**
 * Cart profiles: the entry points. {@link org.telerounds.cart.CartProfiles} loads and validates a
 * profile file for other modules; {@link org.telerounds.cart.CartConfigCli} is the
 * {@code telerounds-cart} command-line tool (validate, render, keygen, sign, verify).
 */
package org.telerounds.cart;
