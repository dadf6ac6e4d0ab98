package org.telerounds.media.rtcp;

/**
 * Package-private big-endian reads and writes of 8/16/24/32-bit fields, shared by the RTCP
 * parsers and {@link RtcpWriter}. Callers check bounds before calling; these helpers only shift.
 */
final class ByteIo {
  private ByteIo() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  static int u24(byte[] b, int i) {
    return (b[i] & 0xFF) << 16 | u16(b, i + 1);
  }

  static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }

  static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  static void put24(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 16);
    put16(b, i + 1, v);
  }

  static void put32(byte[] b, int i, long v) {
    put16(b, i, (int) (v >>> 16));
    put16(b, i + 2, (int) v);
  }

  /** Writes a common RTCP header: V=2, P=0, count/FMT, packet type and the length in words - 1. */
  static void header(byte[] b, int i, int countOrFmt, int packetType, int totalBytes) {
    b[i] = (byte) (0x80 | countOrFmt);
    b[i + 1] = (byte) packetType;
    put16(b, i + 2, totalBytes / 4 - 1);
  }
}
