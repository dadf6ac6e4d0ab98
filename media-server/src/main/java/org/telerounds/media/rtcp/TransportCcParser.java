package org.telerounds.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Package-private decoder of transport-wide congestion-control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1): after the 20-byte header it
 * expands run-length chunks and one/two-bit status-vector chunks until {@code packetStatusCount}
 * statuses are known (a chunk that covers more is clipped), then reads one receive delta per
 * received packet: one unsigned byte for "small delta", a signed 16-bit value for "large delta".
 * The reserved status 3, or chunks or deltas that do not fit the body, make it return null, as
 * libwebrtc rejects them too.
 */
final class TransportCcParser {
  private static final int HEADER = 20;

  private TransportCcParser() {}

  static RtcpPacket parse(byte[] b, int pos, int end, long sender, long media) {
    if (end - pos < HEADER) {
      return null;
    }
    int base = ByteIo.u16(b, pos + 12);
    int count = ByteIo.u16(b, pos + 14);
    int referenceTime = ByteIo.u24(b, pos + 16);
    int feedbackCount = ByteIo.u8(b, pos + 19);
    byte[] symbols = new byte[count];
    int p = pos + HEADER;
    int seen = 0;
    while (seen < count) {
      if (end - p < 2) {
        return null;
      }
      int chunk = ByteIo.u16(b, p);
      p += 2;
      if ((chunk & 0x8000) == 0) {
        int symbol = (chunk >>> 13) & 0x3;
        for (int run = chunk & 0x1FFF; run > 0 && seen < count; run--) {
          symbols[seen++] = (byte) symbol;
        }
      } else if ((chunk & 0x4000) == 0) {
        for (int bit = 13; bit >= 0 && seen < count; bit--) {
          symbols[seen++] = (byte) ((chunk >>> bit) & 0x1);
        }
      } else {
        for (int shift = 12; shift >= 0 && seen < count; shift -= 2) {
          symbols[seen++] = (byte) ((chunk >>> shift) & 0x3);
        }
      }
    }
    List<Integer> deltas = new ArrayList<>();
    java.util.BitSet received = new java.util.BitSet(count);
    for (int i = 0; i < count; i++) {
      if (symbols[i] == 1 || symbols[i] == 2) received.set(i);
      switch (symbols[i]) {
        case 0 -> { }
        case 1 -> {
          if (end - p < 1) {
            return null;
          }
          deltas.add(ByteIo.u8(b, p++));
        }
        case 2 -> {
          if (end - p < 2) {
            return null;
          }
          deltas.add((int) (short) ByteIo.u16(b, p));
          p += 2;
        }
        default -> {
          return null;
        }
      }
    }
    return new RtcpPacket.TransportCc(
        sender, media, base, count, referenceTime, feedbackCount, deltas, deltas.size(), received);
  }
}
