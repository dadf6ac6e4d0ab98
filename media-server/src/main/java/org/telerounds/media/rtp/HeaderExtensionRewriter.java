package org.telerounds.media.rtp;

/**
 * Rebuilds an RTP packet's header-extension block for one receiver, as an SFU must when it
 * forwards: the receiver knows only the extension ids the server offered it, so the sender's ids
 * mean nothing there (and its mid, abs-send-time or transport-wide sequence would be misread
 * under an id the receiver maps to something else). Each element whose id {@code idMap} maps
 * (to 1..14) is kept under its new id, everything else is left out, and an optional two-byte
 * element (the server's own transport-wide sequence number) is appended; the block is written in
 * the one-byte form (RFC 8285), padded to 32 bits, and left out entirely when empty. Sender
 * elements that the one-byte form cannot hold (two-byte form, longer than 16 bytes) are left
 * out. The payload and its padding are copied unchanged. It never reads outside
 * {@code src[off, off+len)} and writes at most {@code len + }{@value #MAX_GROWTH} bytes.
 */
public final class HeaderExtensionRewriter {
  /** The most a rewritten packet can grow: a new block header, one element and its padding. */
  public static final int MAX_GROWTH = 8;
  private static final int ONE_BYTE_PROFILE = 0xBEDE;

  private HeaderExtensionRewriter() {}

  /**
   * Writes the packet to {@code dst[dOff..]} and returns its new length, or -1 if {@code src} is
   * not a valid RTP packet. {@code idMap[senderId]} is the receiver's id (0: leave the element out);
   * {@code extraId} 1..14 appends a two-byte element holding {@code extraValue}, 0 appends none.
   */
  public static int rewrite(byte[] src, int off, int len, byte[] idMap, int extraId, int extraValue,
      byte[] dst, int dOff) {
    int hdr = RtpHeader.headerLength(src, off, len);
    if (hdr < 0) return -1;
    int fixed = RtpHeader.FIXED_HEADER_LENGTH + 4 * (src[off] & 0x0F);
    System.arraycopy(src, off, dst, dOff, fixed);
    int p = dOff + fixed + 4; // elements start after the block header
    if ((src[off] & 0x10) != 0) {
      int block = off + fixed;
      int profile = RtpHeader.u16(src, block);
      int pos = block + 4;
      int end = block + 4 + 4 * RtpHeader.u16(src, block + 2);
      if (profile == ONE_BYTE_PROFILE) {
        while (pos < end) {
          int head = src[pos] & 0xFF;
          int id = head >>> 4;
          if (id == 0) { pos++; continue; }
          if (id == 15) break;
          int length = (head & 0x0F) + 1;
          if (length > end - pos - 1) break;
          p = copy(src, pos + 1, length, idMap, id, dst, p);
          pos += 1 + length;
        }
      } else if ((profile & 0xFFF0) == 0x1000) {
        while (pos < end) {
          int id = src[pos] & 0xFF;
          if (id == 0) { pos++; continue; }
          if (end - pos < 2) break;
          int length = src[pos + 1] & 0xFF;
          if (length > end - pos - 2) break;
          if (length >= 1 && length <= 16) p = copy(src, pos + 2, length, idMap, id, dst, p);
          pos += 2 + length;
        }
      }
    }
    if (extraId >= 1 && extraId <= 14) {
      dst[p++] = (byte) (extraId << 4 | 1);
      dst[p++] = (byte) (extraValue >>> 8);
      dst[p++] = (byte) extraValue;
    }
    int elements = p - (dOff + fixed + 4);
    if (elements == 0) {
      dst[dOff] &= (byte) 0xEF; // no block at all
      p = dOff + fixed;
    } else {
      while ((p - (dOff + fixed + 4)) % 4 != 0) dst[p++] = 0;
      dst[dOff] |= 0x10;
      int words = (p - (dOff + fixed + 4)) / 4;
      dst[dOff + fixed] = (byte) 0xBE;
      dst[dOff + fixed + 1] = (byte) 0xDE;
      dst[dOff + fixed + 2] = (byte) (words >>> 8);
      dst[dOff + fixed + 3] = (byte) words;
    }
    System.arraycopy(src, off + hdr, dst, p, len - hdr);
    return p + len - hdr - dOff;
  }

  private static int copy(byte[] src, int data, int length, byte[] idMap, int id, byte[] dst, int p) {
    int to = id < idMap.length ? idMap[id] : 0;
    if (to < 1 || to > 14 || length > 16) return p;
    dst[p++] = (byte) (to << 4 | (length - 1));
    System.arraycopy(src, data, dst, p, length);
    return p + length;
  }
}
