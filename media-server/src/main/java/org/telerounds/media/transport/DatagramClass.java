package org.telerounds.media.transport;

/**
 * RFC 7983 demultiplexing of one UDP port by the first byte: 0-3 STUN, 20-63 DTLS, 128-191 RTP or
 * RTCP (told apart by RFC 5761's payload-type range). Anything else is dropped.
 */
public enum DatagramClass {
  STUN, DTLS, RTP, RTCP, UNKNOWN;

  public static DatagramClass of(byte[] b, int off, int len) {
    if (len < 1) return UNKNOWN;
    int first = b[off] & 0xFF;
    if (first <= 3) return STUN;
    if (first >= 20 && first <= 63) return DTLS;
    if (first >= 128 && first <= 191) {
      if (len < 2) return UNKNOWN;
      int pt = b[off + 1] & 0xFF;
      return pt >= 192 && pt <= 223 ? RTCP : RTP;
    }
    return UNKNOWN;
  }
}
