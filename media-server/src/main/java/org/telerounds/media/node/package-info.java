/**
 * The media path as a chain of small nodes, each with one job (stats, pause, NACK tracking, packet
 * cache, taps, keyframe gate, header rewrite, ...). A packet travels through a chain in one
 * {@link org.telerounds.media.node.PacketInfo} envelope; every {@link org.telerounds.media.node.Node}
 * counts packets in, out and dropped by reason, and {@link org.telerounds.media.node.NodeStats}
 * shows those counts in {@code /metrics} by node kind. Single-threaded: a chain runs on the media
 * event loop that owns its transport. Depends on {@code rtp} and {@code metrics} only.
 */
package org.telerounds.media.node;
