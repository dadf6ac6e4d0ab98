/**
 * Pure readers of video RTP payloads: where a keyframe starts (VP8, RFC 7741; H.264, RFC 6184).
 * Shared by the SFU's keyframe gating and the recorder's depacketizers. Like the RTP readers,
 * every method works on a caller-owned {@code byte[]} window and answers {@code false} or
 * {@code -1} for truncated or garbage bytes; none throws.
 */
package org.telerounds.media.codec;
