package org.telerounds.media.testing;

import org.telerounds.media.rtp.RtpHeader;

/**
 * The payload layout {@link MediaPump} sends, so a receiver can check forwarding without
 * bookkeeping: bytes 0..7 the sender's {@link System#nanoTime()} just before encryption, 8..15 the
 * per-track packet index (the publisher's sequence numbers are its first one plus the index), 16..19
 * the publisher's RTP timestamp, then a filler pattern derived from the index. Payloads are at
 * least {@link #MIN_LENGTH} bytes.
 */
public final class MediaPayload {
  public static final int MIN_LENGTH = 20;

  private MediaPayload() {}

  /** Fills {@code p[0, len)}; the send time is written separately by {@link #stampSendTime}. */
  public static void write(byte[] p, int len, long index, long rtpTimestamp) {
    putLong(p, 8, index);
    p[16] = (byte) (rtpTimestamp >>> 24);
    p[17] = (byte) (rtpTimestamp >>> 16);
    p[18] = (byte) (rtpTimestamp >>> 8);
    p[19] = (byte) rtpTimestamp;
    for (int i = MIN_LENGTH; i < len; i++) p[i] = (byte) (index * 31 + i);
  }

  public static void stampSendTime(byte[] p, long nanos) {
    putLong(p, 0, nanos);
  }

  /** Offset of the payload in the RTP packet {@code b[off, off+len)}, or -1. */
  public static int payloadOffset(byte[] b, int off, int len) {
    int h = RtpHeader.headerLength(b, off, len);
    return h < 0 || len - h < MIN_LENGTH ? -1 : off + h;
  }

  public static long sendNanos(byte[] b, int payloadOff) { return getLong(b, payloadOff); }
  public static long index(byte[] b, int payloadOff) { return getLong(b, payloadOff + 8); }

  public static long originalTimestamp(byte[] b, int payloadOff) {
    return ((b[payloadOff + 16] & 0xFFL) << 24) | ((b[payloadOff + 17] & 0xFFL) << 16)
        | ((b[payloadOff + 18] & 0xFFL) << 8) | (b[payloadOff + 19] & 0xFFL);
  }

  private static void putLong(byte[] b, int o, long v) {
    for (int i = 0; i < 8; i++) b[o + i] = (byte) (v >>> (56 - 8 * i));
  }

  private static long getLong(byte[] b, int o) {
    long v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | (b[o + i] & 0xFF);
    return v;
  }
}
