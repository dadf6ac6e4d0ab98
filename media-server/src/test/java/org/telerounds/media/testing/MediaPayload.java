package org.telerounds.media.testing;

import org.telerounds.media.rtp.RtpHeader;

/**
 * The payload layout {@link MediaPump} sends, so a receiver can check forwarding without
 * bookkeeping: bytes 0..10 a VP8 payload descriptor (S=1, partition 0) and keyframe header, so
 * that the SFU's keyframe gating opens a leg at any packet (the pump answers no PLI); then 8 bytes
 * of the sender's {@link System#nanoTime()} just before encryption, 8 of the per-track packet
 * index (the publisher's sequence numbers are its first one plus the index), 4 of the publisher's
 * RTP timestamp, then a filler pattern derived from the index. Payloads are at least
 * {@link #MIN_LENGTH} bytes.
 */
public final class MediaPayload {
  /** VP8 descriptor {@code 10}, frame tag with P=0, start code {@code 9d 01 2a}, 16x16. */
  private static final byte[] VP8_KEYFRAME = {0x10, 0x50, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, 0x10, 0x00, 0x10, 0x00};
  /** Length of the VP8 keyframe prefix; the send time follows it. */
  public static final int PREFIX = VP8_KEYFRAME.length;
  public static final int MIN_LENGTH = PREFIX + 20;

  private MediaPayload() {}

  /** Fills {@code p[0, len)}; the send time is written separately by {@link #stampSendTime}. */
  public static void write(byte[] p, int len, long index, long rtpTimestamp) {
    System.arraycopy(VP8_KEYFRAME, 0, p, 0, PREFIX);
    putLong(p, PREFIX + 8, index);
    p[PREFIX + 16] = (byte) (rtpTimestamp >>> 24);
    p[PREFIX + 17] = (byte) (rtpTimestamp >>> 16);
    p[PREFIX + 18] = (byte) (rtpTimestamp >>> 8);
    p[PREFIX + 19] = (byte) rtpTimestamp;
    for (int i = MIN_LENGTH; i < len; i++) p[i] = (byte) (index * 31 + i);
  }

  public static void stampSendTime(byte[] p, long nanos) {
    putLong(p, PREFIX, nanos);
  }

  /** Offset of the payload in the RTP packet {@code b[off, off+len)}, or -1. */
  public static int payloadOffset(byte[] b, int off, int len) {
    int h = RtpHeader.headerLength(b, off, len);
    return h < 0 || len - h < MIN_LENGTH ? -1 : off + h;
  }

  public static long sendNanos(byte[] b, int payloadOff) { return getLong(b, payloadOff + PREFIX); }
  public static long index(byte[] b, int payloadOff) { return getLong(b, payloadOff + PREFIX + 8); }

  public static long originalTimestamp(byte[] b, int payloadOff) {
    int o = payloadOff + PREFIX;
    return ((b[o + 16] & 0xFFL) << 24) | ((b[o + 17] & 0xFFL) << 16) | ((b[o + 18] & 0xFFL) << 8) | (b[o + 19] & 0xFFL);
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
