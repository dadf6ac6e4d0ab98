/**
 * Pure, allocation-free RTP (RFC 3550) header access and RFC 8285 header-extension lookup, plus
 * 16-bit sequence-number arithmetic. Nothing here touches the network, logging or configuration:
 * every method works on a caller-owned {@code byte[]} window {@code (buf, off, len)} and reports
 * malformed input by returning {@code -1}, {@code false} or {@code null}; none throws on any
 * truncated or garbage bytes.
 */
package org.telerounds.media.rtp;
