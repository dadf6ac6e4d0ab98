package org.telerounds.media.rtcp;

import java.util.ArrayList;
import java.util.List;
import org.telerounds.media.rtcp.RtcpPacket.ReportBlock;

/**
 * Package-private parsers for the RFC 3550 session packets: SR, RR, SDES and BYE. Each receives a
 * sub-packet whose common header was already validated by {@link RtcpParser} and whose body,
 * padding removed, is {@code b[pos, end)}; each returns null instead of reading past {@code end}.
 */
final class ReportParsers {
  private static final int SR_FIXED = 28;
  private static final int RR_FIXED = 8;
  private static final int BLOCK = 24;

  private ReportParsers() {}

  static RtcpPacket senderReport(byte[] b, int pos, int end, int count) {
    if (end - pos < SR_FIXED + BLOCK * count) {
      return null;
    }
    long ntp = ByteIo.u32(b, pos + 8) << 32 | ByteIo.u32(b, pos + 12);
    return new RtcpPacket.SenderReport(
        ByteIo.u32(b, pos + 4),
        ntp,
        ByteIo.u32(b, pos + 16),
        ByteIo.u32(b, pos + 20),
        ByteIo.u32(b, pos + 24),
        blocks(b, pos + SR_FIXED, count));
  }

  static RtcpPacket receiverReport(byte[] b, int pos, int end, int count) {
    if (end - pos < RR_FIXED + BLOCK * count) {
      return null;
    }
    return new RtcpPacket.ReceiverReport(ByteIo.u32(b, pos + 4), blocks(b, pos + RR_FIXED, count));
  }

  private static List<ReportBlock> blocks(byte[] b, int p, int count) {
    List<ReportBlock> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++, p += BLOCK) {
      int lost = ByteIo.u24(b, p + 5) << 8 >> 8;
      out.add(
          new ReportBlock(
              ByteIo.u32(b, p),
              ByteIo.u8(b, p + 4),
              lost,
              ByteIo.u32(b, p + 8),
              ByteIo.u32(b, p + 12),
              ByteIo.u32(b, p + 16),
              ByteIo.u32(b, p + 20)));
    }
    return out;
  }

  /** SDES: per chunk an SSRC, items until a null type octet, then zero fill to a 32-bit boundary. */
  static RtcpPacket sdes(byte[] b, int pos, int end, int count) {
    List<Long> ssrcs = new ArrayList<>(count);
    int p = pos + RtcpParser.HEADER_LENGTH;
    for (int i = 0; i < count; i++) {
      if (end - p < 4) {
        return null;
      }
      ssrcs.add(ByteIo.u32(b, p));
      p += 4;
      while (true) {
        if (p >= end) {
          return null;
        }
        if (b[p] == 0) {
          p = pos + ((p + 1 - pos + 3) & ~3);
          break;
        }
        if (end - p < 2 || end - p - 2 < ByteIo.u8(b, p + 1)) {
          return null;
        }
        p += 2 + ByteIo.u8(b, p + 1);
      }
      if (p > end) {
        return null;
      }
    }
    return new RtcpPacket.Sdes(ssrcs);
  }

  /** BYE: {@code count} SSRC/CSRCs, then an optional reason that is not kept. */
  static RtcpPacket bye(byte[] b, int pos, int end, int count) {
    if (end - pos < RtcpParser.HEADER_LENGTH + 4 * count) {
      return null;
    }
    List<Long> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ssrcs.add(ByteIo.u32(b, pos + RtcpParser.HEADER_LENGTH + 4 * i));
    }
    return new RtcpPacket.Bye(ssrcs);
  }
}
