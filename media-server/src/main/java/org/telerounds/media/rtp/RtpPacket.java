package org.telerounds.media.rtp;

/**
 * An immutable snapshot of the RTP header fields and section lengths of one packet, for tests,
 * tools and logging; the forwarding hot path uses the in-place {@link RtpHeader} helpers instead.
 * Timestamp and SSRC are unsigned 32-bit values held in a {@code long}; {@code headerLength}
 * includes CSRCs and the header extension, {@code payloadLength} excludes padding.
 */
public record RtpPacket(
    int payloadType,
    int sequenceNumber,
    long timestamp,
    long ssrc,
    boolean marker,
    int headerLength,
    int payloadLength) {

  /**
   * Parses the RTP packet in {@code b[off, off+len)}; returns null (never throws) if it is not
   * version 2, the header does not fit, or the padding is invalid.
   */
  public static RtpPacket parse(byte[] b, int off, int len) {
    if (!RtpHeader.isRtp(b, off, len)) {
      return null;
    }
    int payload = RtpHeader.payloadLength(b, off, len);
    if (payload < 0) {
      return null;
    }
    return new RtpPacket(
        RtpHeader.payloadType(b, off, len),
        RtpHeader.sequenceNumber(b, off, len),
        RtpHeader.timestamp(b, off, len),
        RtpHeader.ssrc(b, off, len),
        RtpHeader.marker(b, off, len),
        RtpHeader.headerLength(b, off, len),
        payload);
  }
}
