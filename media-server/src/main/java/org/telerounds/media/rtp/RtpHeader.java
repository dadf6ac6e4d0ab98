package org.telerounds.media.rtp;

import java.nio.charset.StandardCharsets;

/**
 * Static, allocation-free accessors for the RTP fixed header (RFC 3550 section 5.1), its CSRC list,
 * header extension and padding, read and written in place on the window {@code b[off, off+len)} of
 * a datagram. This is the SFU hot-path view of an RTP packet: getters never throw on malformed
 * input (a window outside the array, fewer than 12 bytes, a header that does not fit, or bad
 * padding yield {@code -1} or {@code false}), while setters assume the caller already checked
 * {@link #isRtp}. When RTP and RTCP share a port, call {@code RtcpParser.isRtcp} first (RFC 5761):
 * an RTCP packet can also look like a well-formed RTP header.
 */
public final class RtpHeader {
  /** Length of the fixed RTP header, without CSRCs or extension. */
  public static final int FIXED_HEADER_LENGTH = 12;

  private RtpHeader() {}

  /** True if version is 2, {@code len >= 12} and the CSRC list and extension fit in {@code len}. */
  public static boolean isRtp(byte[] b, int off, int len) {
    return version(b, off, len) == 2 && headerLength(b, off, len) >= 0;
  }

  /** RTP version (2 for RTP), or -1 if the window holds no fixed header. */
  public static int version(byte[] b, int off, int len) {
    return fixed(b, off, len) ? (b[off] & 0xFF) >>> 6 : -1;
  }

  /** The P bit; false if the window holds no fixed header. */
  public static boolean hasPadding(byte[] b, int off, int len) {
    return fixed(b, off, len) && (b[off] & 0x20) != 0;
  }

  /** The X bit; false if the window holds no fixed header. */
  public static boolean hasExtension(byte[] b, int off, int len) {
    return fixed(b, off, len) && (b[off] & 0x10) != 0;
  }

  /** The CC field (0..15), or -1 if the window holds no fixed header. */
  public static int csrcCount(byte[] b, int off, int len) {
    return fixed(b, off, len) ? b[off] & 0x0F : -1;
  }

  /** The M bit; false if the window holds no fixed header. */
  public static boolean marker(byte[] b, int off, int len) {
    return fixed(b, off, len) && (b[off + 1] & 0x80) != 0;
  }

  /** The payload type (0..127), or -1 if the window holds no fixed header. */
  public static int payloadType(byte[] b, int off, int len) {
    return fixed(b, off, len) ? b[off + 1] & 0x7F : -1;
  }

  /** The sequence number (0..65535), or -1 if the window holds no fixed header. */
  public static int sequenceNumber(byte[] b, int off, int len) {
    return fixed(b, off, len) ? u16(b, off + 2) : -1;
  }

  /** The timestamp as an unsigned 32-bit value, or -1 if the window holds no fixed header. */
  public static long timestamp(byte[] b, int off, int len) {
    return fixed(b, off, len) ? u32(b, off + 4) : -1L;
  }

  /** The SSRC as an unsigned 32-bit value, or -1 if the window holds no fixed header. */
  public static long ssrc(byte[] b, int off, int len) {
    return fixed(b, off, len) ? u32(b, off + 8) : -1L;
  }

  /**
   * Length of fixed header + CSRC list + header extension (4-byte extension header and its data),
   * or -1 if that does not fit in {@code len}.
   */
  public static int headerLength(byte[] b, int off, int len) {
    if (!fixed(b, off, len)) {
      return -1;
    }
    int n = FIXED_HEADER_LENGTH + 4 * (b[off] & 0x0F);
    if ((b[off] & 0x10) != 0) {
      if (n + 4 > len) {
        return -1;
      }
      n += 4 + 4 * u16(b, off + n + 2);
    }
    return n <= len ? n : -1;
  }

  /**
   * Number of padding bytes at the end (the last byte's value when P is set, 0 otherwise), or -1 if
   * the header does not fit or P is set with a count of 0 or one that overlaps the header.
   */
  public static int paddingLength(byte[] b, int off, int len) {
    int h = headerLength(b, off, len);
    if (h < 0) {
      return -1;
    }
    if ((b[off] & 0x20) == 0) {
      return 0;
    }
    int p = len > h ? b[off + len - 1] & 0xFF : 0;
    return p == 0 || p > len - h ? -1 : p;
  }

  /** Bytes between header and padding, or -1 if the header or padding is invalid. */
  public static int payloadLength(byte[] b, int off, int len) {
    int h = headerLength(b, off, len);
    int p = paddingLength(b, off, len);
    return h < 0 || p < 0 ? -1 : len - h - p;
  }

  /** Writes the sequence number (low 16 bits of {@code seq}). */
  public static void setSequenceNumber(byte[] b, int off, int seq) {
    b[off + 2] = (byte) (seq >>> 8);
    b[off + 3] = (byte) seq;
  }

  /** Writes the timestamp (low 32 bits of {@code ts}). */
  public static void setTimestamp(byte[] b, int off, long ts) {
    put32(b, off + 4, ts);
  }

  /** Writes the SSRC (low 32 bits of {@code ssrc}). */
  public static void setSsrc(byte[] b, int off, long ssrc) {
    put32(b, off + 8, ssrc);
  }

  /** Writes the payload type (low 7 bits of {@code pt}), keeping the marker bit. */
  public static void setPayloadType(byte[] b, int off, int pt) {
    b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7F));
  }

  /** Sets or clears the marker bit, keeping the payload type. */
  public static void setMarker(byte[] b, int off, boolean marker) {
    b[off + 1] = (byte) (marker ? b[off + 1] | 0x80 : b[off + 1] & 0x7F);
  }

  /**
   * Absolute offset in {@code b} of the data of RFC 8285 extension {@code id} (one-byte form
   * {@code 0xBEDE}: ids 1..14; two-byte form {@code 0x100x}: ids 1..255), or -1 if the packet is
   * not valid RTP, has no RFC 8285 extension block, or carries no such element.
   */
  public static int findExtension(byte[] b, int off, int len, int id) {
    long loc = RtpExtensions.locate(b, off, len, id);
    return loc < 0 ? -1 : (int) (loc >>> 32);
  }

  /** Data length of RFC 8285 extension {@code id} (0..256), or -1 where {@link #findExtension} is -1. */
  public static int extensionLength(byte[] b, int off, int len, int id) {
    long loc = RtpExtensions.locate(b, off, len, id);
    return loc < 0 ? -1 : (int) loc;
  }

  /**
   * The RFC 8843 MID carried in extension {@code midExtId}, or null if absent, empty, or not made of
   * printable ASCII (0x21..0x7E) only.
   */
  public static String readMid(byte[] b, int off, int len, int midExtId) {
    long loc = RtpExtensions.locate(b, off, len, midExtId);
    if (loc < 0 || (int) loc == 0) {
      return null;
    }
    int p = (int) (loc >>> 32);
    int n = (int) loc;
    for (int i = p; i < p + n; i++) {
      if (b[i] < 0x21 || b[i] > 0x7E) {
        return null;
      }
    }
    return new String(b, p, n, StandardCharsets.US_ASCII);
  }

  /** True if {@code b[off, off+len)} lies inside the array and holds at least the fixed header. */
  static boolean fixed(byte[] b, int off, int len) {
    return b != null && off >= 0 && len >= FIXED_HEADER_LENGTH && off <= b.length - len;
  }

  static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }

  private static void put32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
