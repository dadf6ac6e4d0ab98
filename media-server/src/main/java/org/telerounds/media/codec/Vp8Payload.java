package org.telerounds.media.codec;

/**
 * The VP8 RTP payload descriptor (RFC 7741 section 4.2) and the frame tag after it (RFC 6386
 * section 9.1): how long the descriptor is, and whether a packet starts a keyframe.
 */
public final class Vp8Payload {
  private Vp8Payload() {}

  /** Length of the payload descriptor, or -1 when it does not fit in {@code len}. */
  public static int descriptorLength(byte[] b, int off, int len) {
    if (len < 1) return -1;
    int n = 1;
    if ((b[off] & 0x80) != 0) {
      if (len < 2) return -1;
      int x = b[off + 1] & 0xFF;
      n = 2;
      if ((x & 0x80) != 0) n += len > n && (b[off + n] & 0x80) != 0 ? 2 : 1; // PictureID, 7 or 15 bits
      if ((x & 0x40) != 0) n++; // TL0PICIDX
      if ((x & 0x30) != 0) n++; // TID/Y/KEYIDX
    }
    return n <= len ? n : -1;
  }

  /** True when the packet starts a frame: S=1 and partition index 0. */
  public static boolean startsFrame(byte[] b, int off, int len) {
    return len > 0 && (b[off] & 0x10) != 0 && (b[off] & 0x07) == 0;
  }

  /**
   * True when the packet starts a keyframe: it starts the frame (S=1, PID=0) and the frame tag's
   * P bit is 0, followed by the keyframe start code {@code 9d 01 2a}.
   */
  public static boolean startsKeyframe(byte[] b, int off, int len) {
    if (!startsFrame(b, off, len)) return false;
    int n = descriptorLength(b, off, len);
    return n >= 0 && isKeyframeHeader(b, off + n, len - n);
  }

  /** True when frame bytes {@code (f, off, len)} begin with a keyframe's frame tag and start code. */
  public static boolean isKeyframeHeader(byte[] f, int off, int len) {
    return len >= 10 && (f[off] & 0x01) == 0 && (f[off + 3] & 0xFF) == 0x9d && (f[off + 4] & 0xFF) == 0x01
        && (f[off + 5] & 0xFF) == 0x2a;
  }
}
