/**
 * The typed, immutable cart profile: what a validated HOCON profile means, and what a bundle
 * carries to the cart. Records only, with no parsing, JSON or crypto code.
 */
package org.telerounds.cart.model;
