/**
 * Reads profile files: parses HOCON with Typesafe Config (keeping every value's file and line),
 * resolves a cart file's {@code extends} against the base-profile directory, and deep-merges the
 * cart's overrides over its model's base profile.
 */
package org.telerounds.cart.load;
