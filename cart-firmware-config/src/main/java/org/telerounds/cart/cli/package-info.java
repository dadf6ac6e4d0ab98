/**
 * The subcommands of the {@code telerounds-cart} tool, each a small class behind
 * {@link org.telerounds.cart.cli.Command}, plus the argument parser. Commands write to the streams
 * they are given and return an exit code, so tests run them without a JVM exit.
 */
package org.telerounds.cart.cli;
