package org.telerounds.media.codec;

/**
 * H.264 RTP payloads (RFC 6184, packetization mode 1): single NAL unit packets, STAP-A and FU-A.
 * A keyframe starts at an IDR slice (NAL type 5), or at the SPS (type 7) that opens an IDR access
 * unit, whether the NAL unit comes alone, inside a STAP-A, or as an FU-A start fragment.
 */
public final class H264Payload {
  /** NAL unit type of an IDR slice. */
  public static final int IDR = 5;
  /** NAL unit type of a sequence parameter set. */
  public static final int SPS = 7;
  static final int STAP_A = 24;
  static final int FU_A = 28;

  private H264Payload() {}

  /** True when the packet holds the start of an IDR access unit (SPS or IDR slice). */
  public static boolean startsKeyframe(byte[] b, int off, int len) {
    if (len < 1) return false;
    int type = b[off] & 0x1F;
    if (type == IDR || type == SPS) return true;
    if (type == STAP_A) {
      for (int p = off + 1; p + 2 < off + len; ) {
        int size = (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
        if (size == 0) return false;
        int inner = b[p + 2] & 0x1F;
        if (inner == IDR || inner == SPS) return true;
        p += 2 + size;
      }
      return false;
    }
    if (type == FU_A) {
      return len >= 2 && (b[off + 1] & 0x80) != 0 && (b[off + 1] & 0x1F) == IDR;
    }
    return false;
  }

  /** True when the NAL unit type (the low 5 bits of its first byte) is an IDR slice. */
  public static boolean isIdr(int nalHeader) {
    return (nalHeader & 0x1F) == IDR;
  }
}
