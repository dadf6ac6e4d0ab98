package org.telerounds.recorder.write;

/** VP8 frames from RTP payloads (RFC 7741): strips the payload descriptor. */
public final class Vp8Depacketizer extends Depacketizer {
  private boolean key;

  @Override
  protected boolean startsFrame(byte[] b, int off, int len) {
    return len > 0 && (b[off] & 0x10) != 0 && (b[off] & 0x07) == 0;
  }

  @Override
  protected boolean append(byte[] b, int off, int len) {
    int n = descriptorLength(b, off, len);
    if (n < 0) return false;
    if (frame.size() == 0) key = len - n >= 10 && (b[off + n] & 0x01) == 0; // P bit of the frame tag
    frame.write(b, off + n, len - n);
    return true;
  }

  @Override
  protected boolean isKeyframe() {
    return key;
  }

  static int descriptorLength(byte[] b, int off, int len) {
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

  /** Width and height from a VP8 keyframe's header (RFC 6386 section 9.1), or zeros. */
  static int[] keyframeSize(byte[] f, int off, int len) {
    if (len < 10 || (f[off] & 1) != 0 || (f[off + 3] & 0xFF) != 0x9d || (f[off + 4] & 0xFF) != 0x01
        || (f[off + 5] & 0xFF) != 0x2a) {
      return new int[] {0, 0};
    }
    int w = ((f[off + 6] & 0xFF) | (f[off + 7] & 0xFF) << 8) & 0x3FFF;
    int h = ((f[off + 8] & 0xFF) | (f[off + 9] & 0xFF) << 8) & 0x3FFF;
    return new int[] {w, h};
  }
}
