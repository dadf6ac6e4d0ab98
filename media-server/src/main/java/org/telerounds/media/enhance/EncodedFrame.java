package org.telerounds.media.enhance;

/**
 * One 20 ms Opus frame of the {@code voice:enhanced} track. {@code rtpTimestamp} is on the 48 kHz
 * RTP clock (unsigned 32 bits in a long) and advances by 960 per tick, also across ticks that
 * emitted nothing, so a gap in the output shows as a timestamp jump. {@code sequence} counts
 * emitted frames (the SFU may use it for the RTP sequence number, mod 2^16). The receiver owns
 * {@code payload}.
 */
public record EncodedFrame(byte[] payload, long rtpTimestamp, long sequence, boolean enhanced) {}
