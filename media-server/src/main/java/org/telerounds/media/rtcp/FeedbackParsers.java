package org.telerounds.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Package-private parsers for RFC 4585 feedback packets: transport-layer (PT 205: generic NACK,
 * transport-wide CC) and payload-specific (PT 206: PLI, FIR, REMB). All share the 12-byte header
 * with sender and media-source SSRC; the FCI is {@code b[pos + 12, end)} with padding removed.
 * Formats the SFU does not act on become {@link RtcpPacket.Unknown}; a body that is too short or
 * has a partial FCI entry yields null.
 */
final class FeedbackParsers {
  static final int COMMON = 12;
  private static final int REMB_ID = 0x52454D42; // "REMB"

  private FeedbackParsers() {}

  static RtcpPacket parse(byte[] b, int pos, int end, int size) {
    if (end - pos < COMMON) {
      return null;
    }
    int fmt = b[pos] & 0x1F;
    int type = b[pos + 1] & 0xFF;
    long sender = ByteIo.u32(b, pos + 4);
    long media = ByteIo.u32(b, pos + 8);
    if (type == 205 && fmt == 1) {
      return nack(b, pos + COMMON, end, sender, media);
    }
    if (type == 205 && fmt == 15) {
      return TransportCcParser.parse(b, pos, end, sender, media);
    }
    if (type == 206 && fmt == 1) {
      return new RtcpPacket.Pli(sender, media);
    }
    if (type == 206 && fmt == 4) {
      return fir(b, pos + COMMON, end, sender);
    }
    if (type == 206 && fmt == 15 && end - pos >= COMMON + 4 && ByteIo.u32(b, pos + 12) == REMB_ID) {
      return remb(b, pos + COMMON + 4, end, sender);
    }
    return new RtcpPacket.Unknown(type, fmt, size);
  }

  private static RtcpPacket nack(byte[] b, int p, int end, long sender, long media) {
    if (end - p < 4 || (end - p) % 4 != 0) {
      return null;
    }
    List<Integer> lost = new ArrayList<>();
    for (; p < end; p += 4) {
      int pid = ByteIo.u16(b, p);
      int blp = ByteIo.u16(b, p + 2);
      lost.add(pid);
      for (int bit = 0; bit < 16; bit++) {
        if ((blp & (1 << bit)) != 0) {
          lost.add((pid + bit + 1) & 0xFFFF);
        }
      }
    }
    return new RtcpPacket.Nack(sender, media, lost);
  }

  private static RtcpPacket fir(byte[] b, int p, int end, long sender) {
    if (end - p < 8 || (end - p) % 8 != 0) {
      return null;
    }
    List<RtcpPacket.FirEntry> entries = new ArrayList<>((end - p) / 8);
    for (; p < end; p += 8) {
      entries.add(new RtcpPacket.FirEntry(ByteIo.u32(b, p), ByteIo.u8(b, p + 4)));
    }
    return new RtcpPacket.Fir(sender, entries);
  }

  /** REMB after "REMB": num SSRC (8 bits), exponent (6 bits), mantissa (18 bits), SSRC list. */
  private static RtcpPacket remb(byte[] b, int p, int end, long sender) {
    if (end - p < 4) {
      return null;
    }
    int count = ByteIo.u8(b, p);
    int exp = ByteIo.u8(b, p + 1) >>> 2;
    long mantissa = ByteIo.u24(b, p + 1) & 0x3FFFF;
    if (end - p - 4 < 4 * count) {
      return null;
    }
    long bitrate = mantissa > (Long.MAX_VALUE >>> exp) ? Long.MAX_VALUE : mantissa << exp;
    List<Long> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ssrcs.add(ByteIo.u32(b, p + 4 + 4 * i));
    }
    return new RtcpPacket.Remb(sender, bitrate, ssrcs);
  }
}
