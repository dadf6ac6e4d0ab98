package org.telerounds.media.rtcp;

import java.util.List;

/**
 * One parsed RTCP packet from a compound datagram, as produced by {@link RtcpParser} and consumed
 * by {@link RtcpWriter}. Each permitted record mirrors one wire format; all SSRCs, counters and
 * timestamps that are unsigned 32-bit on the wire are held in a {@code long} (0..2^32-1) and all
 * lists are immutable copies. Packet types the SFU does not interpret become {@link Unknown}.
 */
public sealed interface RtcpPacket {

  /** Sender Report (PT 200); {@code ntpTimestamp} is the raw 64-bit NTP value (compare unsigned). */
  record SenderReport(
      long senderSsrc,
      long ntpTimestamp,
      long rtpTimestamp,
      long packetCount,
      long octetCount,
      List<ReportBlock> reports)
      implements RtcpPacket {
    /** Copies {@code reports}. */
    public SenderReport {
      reports = List.copyOf(reports);
    }
  }

  /** Receiver Report (PT 201); profile-specific extensions after the blocks are ignored. */
  record ReceiverReport(long senderSsrc, List<ReportBlock> reports) implements RtcpPacket {
    /** Copies {@code reports}. */
    public ReceiverReport {
      reports = List.copyOf(reports);
    }
  }

  /**
   * One reception report block of an SR or RR; {@code fractionLost} is 0..255 and
   * {@code cumulativeLost} the sign-extended 24-bit field.
   */
  record ReportBlock(
      long ssrc,
      int fractionLost,
      int cumulativeLost,
      long extendedHighestSeq,
      long jitter,
      long lastSr,
      long delaySinceLastSr) {}

  /** Generic NACK (PT 205, FMT 1) with every PID/BLP pair expanded, in wire order. */
  record Nack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers)
      implements RtcpPacket {
    /** Copies {@code lostSequenceNumbers}. */
    public Nack {
      lostSequenceNumbers = List.copyOf(lostSequenceNumbers);
    }
  }

  /** Picture Loss Indication (PT 206, FMT 1). */
  record Pli(long senderSsrc, long mediaSsrc) implements RtcpPacket {}

  /** Full Intra Request (PT 206, FMT 4); the unused media-source field is not kept. */
  record Fir(long senderSsrc, List<FirEntry> entries) implements RtcpPacket {
    /** Copies {@code entries}. */
    public Fir {
      entries = List.copyOf(entries);
    }
  }

  /** One FIR FCI entry: the SSRC asked to send a key frame and its command sequence number 0..255. */
  record FirEntry(long ssrc, int seqNr) {}

  /**
   * Receiver Estimated Max Bitrate (PT 206, FMT 15, "REMB"); {@code bitrateBps} is
   * mantissa &lt;&lt; exponent, saturated at {@link Long#MAX_VALUE}.
   */
  record Remb(long senderSsrc, long bitrateBps, List<Long> ssrcs) implements RtcpPacket {
    /** Copies {@code ssrcs}. */
    public Remb {
      ssrcs = List.copyOf(ssrcs);
    }
  }

  /**
   * Transport-wide congestion-control feedback (PT 205, FMT 15). {@code referenceTime} is the raw
   * 24-bit field (multiples of 64 ms); {@code receivedDeltasQuarterMs} holds one receive delta per
   * received packet in sequence order, in 250 microsecond ticks (small deltas 0..255, large deltas
   * signed 16-bit); {@code receivedCount} is its size. {@code received} has bit {@code i} set when
   * packet {@code baseSequence + i} arrived (the i-th set bit owns the i-th delta).
   */
  record TransportCc(
      long senderSsrc,
      long mediaSsrc,
      int baseSequence,
      int packetStatusCount,
      int referenceTime,
      int feedbackPacketCount,
      List<Integer> receivedDeltasQuarterMs,
      int receivedCount,
      java.util.BitSet received)
      implements RtcpPacket {
    /** Copies {@code receivedDeltasQuarterMs} and {@code received}. */
    public TransportCc {
      receivedDeltasQuarterMs = List.copyOf(receivedDeltasQuarterMs);
      received = (java.util.BitSet) received.clone();
    }

    /** Whether packet {@code baseSequence + index} arrived. */
    public boolean wasReceived(int index) {
      return received.get(index);
    }
  }

  /** Source Description (PT 202); only the SSRC/CSRC of each chunk is kept. */
  record Sdes(List<Long> ssrcs) implements RtcpPacket {
    /** Copies {@code ssrcs}. */
    public Sdes {
      ssrcs = List.copyOf(ssrcs);
    }
  }

  /** Goodbye (PT 203); the optional reason text is ignored. */
  record Bye(List<Long> ssrcs) implements RtcpPacket {
    /** Copies {@code ssrcs}. */
    public Bye {
      ssrcs = List.copyOf(ssrcs);
    }
  }

  /**
   * Any other packet type or feedback format (APP, XR, RRR, ...): its packet type, its 5-bit
   * count/FMT field and its total length in bytes including header and padding.
   */
  record Unknown(int packetType, int fmt, int length) implements RtcpPacket {}
}
