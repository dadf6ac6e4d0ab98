package org.telerounds.media.rtp;

/**
 * Package-private walker over the RFC 8285 header-extension block of an RTP packet, behind
 * {@link RtpHeader#findExtension}, {@link RtpHeader#extensionLength} and {@link RtpHeader#readMid}.
 * It handles the one-byte form (profile {@code 0xBEDE}: 4-bit id 1..14, 4-bit length-1, id 15
 * stops parsing) and the two-byte form (profile {@code 0x100x}: 8-bit id 1..255, 8-bit length),
 * skips zero padding bytes, and stops at the first element that would run past the block, so it
 * never reads outside the validated header and never allocates.
 */
final class RtpExtensions {
  private static final int ONE_BYTE_PROFILE = 0xBEDE;
  private static final int TWO_BYTE_PROFILE = 0x1000;

  private RtpExtensions() {}

  /**
   * Locates element {@code id}: returns {@code (dataOffset << 32) | dataLength} with an absolute
   * offset into {@code b}, or -1 if the packet is invalid or carries no such element.
   */
  static long locate(byte[] b, int off, int len, int id) {
    if (id < 1 || id > 255 || !RtpHeader.isRtp(b, off, len) || (b[off] & 0x10) == 0) {
      return -1;
    }
    int block = off + RtpHeader.FIXED_HEADER_LENGTH + 4 * (b[off] & 0x0F);
    int profile = RtpHeader.u16(b, block);
    int start = block + 4;
    int end = start + 4 * RtpHeader.u16(b, block + 2);
    if (profile == ONE_BYTE_PROFILE) {
      return id <= 14 ? oneByte(b, start, end, id) : -1;
    }
    if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
      return twoByte(b, start, end, id);
    }
    return -1;
  }

  private static long oneByte(byte[] b, int pos, int end, int id) {
    while (pos < end) {
      int head = b[pos] & 0xFF;
      int elementId = head >>> 4;
      if (elementId == 0) {
        pos++;
        continue;
      }
      if (elementId == 15) {
        return -1;
      }
      int data = pos + 1;
      int length = (head & 0x0F) + 1;
      if (length > end - data) {
        return -1;
      }
      if (elementId == id) {
        return pack(data, length);
      }
      pos = data + length;
    }
    return -1;
  }

  private static long twoByte(byte[] b, int pos, int end, int id) {
    while (pos < end) {
      int elementId = b[pos] & 0xFF;
      if (elementId == 0) {
        pos++;
        continue;
      }
      if (end - pos < 2) {
        return -1;
      }
      int data = pos + 2;
      int length = b[pos + 1] & 0xFF;
      if (length > end - data) {
        return -1;
      }
      if (elementId == id) {
        return pack(data, length);
      }
      pos = data + length;
    }
    return -1;
  }

  private static long pack(int offset, int length) {
    return ((long) offset << 32) | length;
  }
}
