package org.telerounds.media.rtcp;

import java.util.List;
import org.telerounds.media.rtcp.RtcpPacket.ReceiverReport;
import org.telerounds.media.rtcp.RtcpPacket.ReportBlock;
import org.telerounds.media.rtcp.RtcpPacket.SenderReport;

/**
 * Builds the RTCP packets the SFU originates (SR, RR, generic NACK, PLI, FIR, REMB, transport-wide
 * CC feedback) as fresh {@code byte[]}s with V=2 and no padding (but for transport-wide CC
 * feedback, padded to a 32-bit boundary), concatenates them into compound packets, and rewrites
 * the media-source SSRC of relayed feedback in place. Field values are written modulo their wire
 * width (SSRCs and counters: low 32 bits; cumulative lost: low 24 bits); arguments that cannot be
 * encoded at all (too many reports or SSRCs, an empty NACK list, a negative bitrate) throw
 * {@link IllegalArgumentException}. Output of each builder parses back with {@link RtcpParser}.
 */
public final class RtcpWriter {
  private static final int SR = 200;
  private static final int RR = 201;
  private static final int RTPFB = 205;
  private static final int PSFB = 206;
  private static final int BLOCK = 24;

  private RtcpWriter() {}

  /** Sender Report with up to 31 report blocks. */
  public static byte[] senderReport(SenderReport sr) {
    int count = checkCount(sr.reports().size(), 31);
    byte[] out = new byte[28 + BLOCK * count];
    ByteIo.header(out, 0, count, SR, out.length);
    ByteIo.put32(out, 4, sr.senderSsrc());
    ByteIo.put32(out, 8, sr.ntpTimestamp() >>> 32);
    ByteIo.put32(out, 12, sr.ntpTimestamp());
    ByteIo.put32(out, 16, sr.rtpTimestamp());
    ByteIo.put32(out, 20, sr.packetCount());
    ByteIo.put32(out, 24, sr.octetCount());
    writeBlocks(out, 28, sr.reports());
    return out;
  }

  /** Receiver Report with up to 31 report blocks. */
  public static byte[] receiverReport(ReceiverReport rr) {
    int count = checkCount(rr.reports().size(), 31);
    byte[] out = new byte[8 + BLOCK * count];
    ByteIo.header(out, 0, count, RR, out.length);
    ByteIo.put32(out, 4, rr.senderSsrc());
    writeBlocks(out, 8, rr.reports());
    return out;
  }

  /**
   * Generic NACK (RFC 4585 section 6.2.1) for {@code lost} sequence numbers, packed in the given
   * order: a number 1..16 after the current PID sets a BLP bit, anything else starts a new PID.
   */
  public static byte[] nack(long senderSsrc, long mediaSsrc, List<Integer> lost) {
    if (lost.isEmpty()) {
      throw new IllegalArgumentException("NACK needs at least one sequence number");
    }
    int[] pids = new int[lost.size()];
    int[] blps = new int[lost.size()];
    int pairs = 0;
    for (int seq : lost) {
      int s = seq & 0xFFFF;
      int d = pairs == 0 ? -1 : (s - pids[pairs - 1]) & 0xFFFF;
      if (d == 0) {
        continue;
      }
      if (d >= 1 && d <= 16) {
        blps[pairs - 1] |= 1 << (d - 1);
      } else {
        pids[pairs++] = s;
      }
    }
    byte[] out = feedback(RTPFB, 1, 4 * pairs, senderSsrc, mediaSsrc);
    for (int i = 0; i < pairs; i++) {
      ByteIo.put16(out, 12 + 4 * i, pids[i]);
      ByteIo.put16(out, 14 + 4 * i, blps[i]);
    }
    return out;
  }

  /** Picture Loss Indication (RFC 4585 section 6.3.1). */
  public static byte[] pli(long senderSsrc, long mediaSsrc) {
    return feedback(PSFB, 1, 0, senderSsrc, mediaSsrc);
  }

  /**
   * Full Intra Request (RFC 5104 section 4.3.1) asking {@code mediaSsrc} for a key frame; the
   * media-source field is 0 as the RFC requires and the SSRC goes in the single FCI entry.
   */
  public static byte[] fir(long senderSsrc, long mediaSsrc, int seqNr) {
    byte[] out = feedback(PSFB, 4, 8, senderSsrc, 0);
    ByteIo.put32(out, 12, mediaSsrc);
    out[16] = (byte) seqNr;
    return out;
  }

  /**
   * REMB for up to 255 SSRCs; {@code bitrateBps} is encoded as an 18-bit mantissa and 6-bit
   * exponent, rounding down to the nearest representable value.
   */
  public static byte[] remb(long senderSsrc, long bitrateBps, List<Long> ssrcs) {
    if (bitrateBps < 0) {
      throw new IllegalArgumentException("negative bitrate: " + bitrateBps);
    }
    int count = checkCount(ssrcs.size(), 255);
    int exp = 0;
    while ((bitrateBps >>> exp) > 0x3FFFF) {
      exp++;
    }
    byte[] out = feedback(PSFB, 15, 8 + 4 * count, senderSsrc, 0);
    ByteIo.put32(out, 12, 0x52454D42L);
    out[16] = (byte) count;
    ByteIo.put24(out, 17, exp << 18 | (int) (bitrateBps >>> exp));
    for (int i = 0; i < count; i++) {
      ByteIo.put32(out, 20 + 4 * i, ssrcs.get(i));
    }
    return out;
  }

  /**
   * Transport-wide congestion-control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
   * section 3.1) for {@code count} packets from {@code baseSequence}: {@code symbols[i]} is 0 (not
   * received), 1 (received, small delta) or 2 (received, large delta); {@code deltas} holds one
   * receive delta in 250 microsecond ticks per received packet, in order (0..255 for a small one,
   * a signed 16-bit value for a large one). Chunks are chosen greedily: a run-length chunk for 14
   * or more equal statuses (up to 8,191), else a one-bit vector of 14 when the next 14 are 0 or 1,
   * else a two-bit vector of 7; a last vector chunk may cover fewer (its spare slots are 0).
   * {@code referenceTime} is written modulo 2^24 and {@code feedbackCount} modulo 256.
   */
  public static byte[] transportCc(long senderSsrc, long mediaSsrc, int baseSequence, int referenceTime,
      int feedbackCount, byte[] symbols, int count, int[] deltas) {
    if (count < 1 || count > 0xFFFF || count > symbols.length) {
      throw new IllegalArgumentException("packet status count out of range: " + count);
    }
    int[] chunks = new int[count];
    int chunkCount = 0;
    int deltaBytes = 0;
    for (int i = 0; i < count; i++) {
      int sym = symbols[i];
      if (sym < 0 || sym > 2) throw new IllegalArgumentException("bad status symbol " + sym + " at " + i);
      deltaBytes += sym;
    }
    for (int i = 0; i < count; ) {
      int run = 1;
      while (i + run < count && symbols[i + run] == symbols[i] && run < 0x1FFF) run++;
      if (run >= 14) {
        chunks[chunkCount++] = symbols[i] << 13 | run;
        i += run;
        continue;
      }
      boolean oneBit = true;
      for (int k = i; k < Math.min(count, i + 14); k++) oneBit &= symbols[k] <= 1;
      if (oneBit) {
        int c = 0x8000;
        for (int k = 0; k < 14; k++) c |= (i + k < count ? symbols[i + k] : 0) << (13 - k);
        chunks[chunkCount++] = c;
        i += 14;
      } else {
        int c = 0xC000;
        for (int k = 0; k < 7; k++) c |= (i + k < count ? symbols[i + k] : 0) << (12 - 2 * k);
        chunks[chunkCount++] = c;
        i += 7;
      }
    }
    int body = 8 + 2 * chunkCount + deltaBytes;
    int padded = (body + 3) & ~3;
    byte[] out = feedback(RTPFB, 15, padded, senderSsrc, mediaSsrc);
    ByteIo.put16(out, 12, baseSequence & 0xFFFF);
    ByteIo.put16(out, 14, count);
    ByteIo.put24(out, 16, referenceTime & 0xFFFFFF);
    out[19] = (byte) feedbackCount;
    int p = 20;
    for (int c = 0; c < chunkCount; c++, p += 2) ByteIo.put16(out, p, chunks[c]);
    int d = 0;
    for (int i = 0; i < count; i++) {
      if (symbols[i] == 1) {
        int v = deltas[d++];
        if (v < 0 || v > 255) throw new IllegalArgumentException("small delta out of range: " + v);
        out[p++] = (byte) v;
      } else if (symbols[i] == 2) {
        int v = deltas[d++];
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) throw new IllegalArgumentException("large delta out of range: " + v);
        ByteIo.put16(out, p, v & 0xFFFF);
        p += 2;
      }
    }
    if (padded > body) { // RTCP padding, as libwebrtc writes it: P bit set, the count in the last byte
      out[0] |= 0x20;
      out[out.length - 1] = (byte) (padded - body);
    }
    return out;
  }

  /** Concatenates already-built RTCP packets into one compound packet. */
  public static byte[] compound(byte[]... parts) {
    int total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    byte[] out = new byte[total];
    int p = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, p, part.length);
      p += part.length;
    }
    return out;
  }

  /**
   * Rewrites, in place, the media-source SSRC (bytes 8..11) of every PT 205/206 feedback
   * sub-packet in the (compound) packet {@code b[off, off+len)}, and for FIR also the SSRC of each
   * FCI entry, so feedback from a subscriber leg can be relayed to the publisher. A media-source
   * field that is 0 (FIR and REMB, where the RFCs require 0) is left 0. Other sub-packets are
   * untouched; the walk stops silently at the first malformed header and never throws for bad
   * bytes or a window outside the array.
   */
  public static void rewriteMediaSsrc(byte[] b, int off, int len, long newSsrc) {
    if (b == null || off < 0 || len < 0 || off > b.length - len) {
      return;
    }
    int end = off + len;
    for (int pos = off; end - pos >= 4 && (b[pos] & 0xC0) == 0x80; ) {
      int size = (ByteIo.u16(b, pos + 2) + 1) * 4;
      if (size > end - pos) {
        return;
      }
      int type = b[pos + 1] & 0xFF;
      if ((type == RTPFB || type == PSFB) && size >= 12) {
        if (ByteIo.u32(b, pos + 8) != 0) {
          ByteIo.put32(b, pos + 8, newSsrc);
        }
        if (type == PSFB && (b[pos] & 0x1F) == 4) {
          for (int e = pos + 12; e + 8 <= pos + size; e += 8) {
            ByteIo.put32(b, e, newSsrc);
          }
        }
      }
      pos += size;
    }
  }

  private static byte[] feedback(int type, int fmt, int fciBytes, long sender, long media) {
    byte[] out = new byte[12 + fciBytes];
    ByteIo.header(out, 0, fmt, type, out.length);
    ByteIo.put32(out, 4, sender);
    ByteIo.put32(out, 8, media);
    return out;
  }

  private static void writeBlocks(byte[] out, int p, List<ReportBlock> blocks) {
    for (ReportBlock r : blocks) {
      ByteIo.put32(out, p, r.ssrc());
      out[p + 4] = (byte) r.fractionLost();
      ByteIo.put24(out, p + 5, r.cumulativeLost());
      ByteIo.put32(out, p + 8, r.extendedHighestSeq());
      ByteIo.put32(out, p + 12, r.jitter());
      ByteIo.put32(out, p + 16, r.lastSr());
      ByteIo.put32(out, p + 20, r.delaySinceLastSr());
      p += BLOCK;
    }
  }

  private static int checkCount(int count, int max) {
    if (count > max) {
      throw new IllegalArgumentException(count + " entries exceed the maximum of " + max);
    }
    return count;
  }
}
