/**
 * Checks a merged HOCON cart profile against the schema and turns it into a
 * {@link org.telerounds.cart.model.CartProfile}. One small validator per section; all of them
 * collect every {@link org.telerounds.cart.validate.Problem} instead of stopping at the first, and
 * each problem names the path, what was expected, what was found, and the file and line.
 */
package org.telerounds.cart.validate;
