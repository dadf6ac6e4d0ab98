/** The WebSocket signaling protocol: one session per client connection. */
package org.telerounds.signaling.ws;
