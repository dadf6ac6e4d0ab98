/** Netty HTTP + WebSocket server in Netty's shape: bootstrap, initializer, one handler per job. */
package org.telerounds.signaling.http;
