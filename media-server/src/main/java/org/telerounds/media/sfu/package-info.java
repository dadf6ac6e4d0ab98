/**
 * The selective forwarding unit: rooms, participants with a publish and a subscribe transport,
 * published tracks and per-subscriber legs (SSRC/sequence/timestamp rewrite, NACK/RTX, PLI).
 */
package org.telerounds.media.sfu;
