package org.telerounds.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a compound RTCP datagram (RFC 3550 section 6.1, reduced-size RFC 5506 packets included)
 * and turns each sub-packet into an {@link RtcpPacket}. Every sub-packet must have version 2, a
 * length that fits in the remaining bytes and, when its P bit is set, a padding count of 1 up to
 * its body size; its body must match its type. The first violation stops the walk and throws
 * {@link MalformedPacketException}, which carries the sub-packets parsed before it; nothing else
 * is ever thrown for any input bytes. Also decides RTP/RTCP demultiplexing (RFC 5761).
 */
public final class RtcpParser {
  /** Size of the common RTCP header. */
  public static final int HEADER_LENGTH = 4;

  private RtcpParser() {}

  /**
   * True if {@code b[off, off+len)} looks like RTCP on a port shared with RTP (RFC 5761 section
   * 4): at least 4 bytes, version 2 and a second byte (packet type) in 192..223.
   */
  public static boolean isRtcp(byte[] b, int off, int len) {
    if (b == null || off < 0 || len < HEADER_LENGTH || off > b.length - len) {
      return false;
    }
    int pt = b[off + 1] & 0xFF;
    return (b[off] & 0xC0) == 0x80 && pt >= 192 && pt <= 223;
  }

  /**
   * Parses every sub-packet of the compound packet in {@code b[off, off+len)}, in order.
   *
   * @throws MalformedPacketException if the window is outside the array or empty, or a sub-packet
   *     is truncated or malformed; {@link MalformedPacketException#parsedBeforeError()} then holds
   *     the sub-packets before it
   */
  public static List<RtcpPacket> parseCompound(byte[] b, int off, int len) {
    List<RtcpPacket> out = new ArrayList<>(4);
    if (b == null || off < 0 || len < 0 || off > b.length - len) {
      throw new MalformedPacketException("buffer window out of bounds", off, out);
    }
    if (len == 0) {
      throw new MalformedPacketException("empty compound packet", off, out);
    }
    int pos = off;
    int end = off + len;
    while (pos < end) {
      if (end - pos < HEADER_LENGTH) {
        throw new MalformedPacketException("truncated RTCP header", pos, out);
      }
      if ((b[pos] & 0xC0) != 0x80) {
        throw new MalformedPacketException("RTCP version is not 2", pos, out);
      }
      int size = (ByteIo.u16(b, pos + 2) + 1) * 4;
      if (size > end - pos) {
        throw new MalformedPacketException("RTCP length exceeds datagram", pos, out);
      }
      int bodyEnd = pos + size;
      if ((b[pos] & 0x20) != 0) {
        int padding = b[bodyEnd - 1] & 0xFF;
        if (padding == 0 || padding > size - HEADER_LENGTH) {
          throw new MalformedPacketException("invalid RTCP padding", pos, out);
        }
        bodyEnd -= padding;
      }
      RtcpPacket packet = parseOne(b, pos, bodyEnd, size);
      if (packet == null) {
        throw new MalformedPacketException(
            "malformed RTCP packet type " + (b[pos + 1] & 0xFF) + " fmt " + (b[pos] & 0x1F),
            pos,
            out);
      }
      out.add(packet);
      pos += size;
    }
    return out;
  }

  /** Parses one sub-packet whose body (without padding) is {@code b[pos, end)}; null if malformed. */
  private static RtcpPacket parseOne(byte[] b, int pos, int end, int size) {
    int fmt = b[pos] & 0x1F;
    int type = b[pos + 1] & 0xFF;
    return switch (type) {
      case 200 -> ReportParsers.senderReport(b, pos, end, fmt);
      case 201 -> ReportParsers.receiverReport(b, pos, end, fmt);
      case 202 -> ReportParsers.sdes(b, pos, end, fmt);
      case 203 -> ReportParsers.bye(b, pos, end, fmt);
      case 205, 206 -> FeedbackParsers.parse(b, pos, end, size);
      default -> new RtcpPacket.Unknown(type, fmt, size);
    };
  }
}
