package org.telerounds.media.codec;

/**
 * The picture size a keyframe announces, read from its RTP payload: VP8 from the keyframe header
 * (RFC 6386 section 9.1: 14-bit width and height after the start code), H.264 from the sequence
 * parameter set that opens an IDR access unit (ITU-T H.264 section 7.3.2.1.1, cropping applied),
 * alone or inside a STAP-A. Returns {@code width << 16 | height}, or -1 when the payload holds no
 * size or it does not parse; never reads outside {@code b[off, off+len)} and allocates only for an
 * H.264 SPS (a copy without emulation-prevention bytes, at most {@value #MAX_SPS} bytes).
 */
public final class FrameSize {
  static final int MAX_SPS = 256;

  private FrameSize() {}

  public static int width(int size) { return size >>> 16; }

  public static int height(int size) { return size & 0xFFFF; }

  /** The size in a codec's payload ({@code VP8} or {@code H264}), or -1. */
  public static int of(String codec, byte[] b, int off, int len) {
    return switch (codec.toUpperCase(java.util.Locale.ROOT)) {
      case "VP8" -> vp8(b, off, len);
      case "H264" -> h264(b, off, len);
      default -> -1;
    };
  }

  /** The size a VP8 payload announces when it starts a keyframe, else -1. */
  public static int vp8(byte[] b, int off, int len) {
    if (!Vp8Payload.startsKeyframe(b, off, len)) return -1;
    int f = off + Vp8Payload.descriptorLength(b, off, len);
    int w = ((b[f + 7] & 0x3F) << 8) | (b[f + 6] & 0xFF);
    int h = ((b[f + 9] & 0x3F) << 8) | (b[f + 8] & 0xFF);
    return w > 0 && h > 0 ? w << 16 | h : -1;
  }

  /** The size in the SPS an H.264 payload carries (single NAL unit or STAP-A), else -1. */
  public static int h264(byte[] b, int off, int len) {
    if (len < 1) return -1;
    int type = b[off] & 0x1F;
    if (type == H264Payload.SPS) return sps(b, off, len);
    if (type == H264Payload.STAP_A) {
      for (int p = off + 1; p + 2 < off + len; ) {
        int size = (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
        if (size == 0 || size > off + len - p - 2) return -1;
        if ((b[p + 2] & 0x1F) == H264Payload.SPS) return sps(b, p + 2, size);
        p += 2 + size;
      }
    }
    return -1;
  }

  /** Parses an SPS NAL unit (header byte included). */
  static int sps(byte[] b, int off, int len) {
    byte[] rbsp = new byte[Math.min(len, MAX_SPS)];
    int n = 0;
    int zeros = 0;
    for (int i = off + 1; i < off + len && n < rbsp.length; i++) {
      int v = b[i] & 0xFF;
      if (zeros >= 2 && v == 3) { // emulation prevention
        zeros = 0;
        continue;
      }
      zeros = v == 0 ? zeros + 1 : 0;
      rbsp[n++] = (byte) v;
    }
    try {
      return parseSps(new Bits(rbsp, n));
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      return -1; // truncated or out of range: no size
    }
  }

  private static int parseSps(Bits r) {
    int profile = r.u(8);
    r.u(16); // constraint flags, reserved bits, level_idc
    r.ue(); // seq_parameter_set_id
    int chroma = 1;
    boolean separateColourPlanes = false;
    if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
        || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139 || profile == 134
        || profile == 135) {
      chroma = r.ue();
      if (chroma > 3) throw new IllegalStateException("chroma_format_idc");
      if (chroma == 3) separateColourPlanes = r.u(1) == 1;
      r.ue(); // bit_depth_luma_minus8
      r.ue(); // bit_depth_chroma_minus8
      r.u(1); // qpprime_y_zero_transform_bypass_flag
      if (r.u(1) == 1) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
          if (r.u(1) == 1) skipScalingList(r, i < 6 ? 16 : 64);
        }
      }
    }
    r.ue(); // log2_max_frame_num_minus4
    int pocType = r.ue();
    if (pocType == 0) {
      r.ue(); // log2_max_pic_order_cnt_lsb_minus4
    } else if (pocType == 1) {
      r.u(1);
      r.se();
      r.se();
      int cycle = r.ue();
      if (cycle > 255) throw new IllegalStateException("num_ref_frames_in_pic_order_cnt_cycle");
      for (int i = 0; i < cycle; i++) r.se();
    }
    r.ue(); // max_num_ref_frames
    r.u(1); // gaps_in_frame_num_value_allowed_flag
    int widthMbs = r.ue() + 1;
    int heightMapUnits = r.ue() + 1;
    int frameMbsOnly = r.u(1);
    if (frameMbsOnly == 0) r.u(1); // mb_adaptive_frame_field_flag
    r.u(1); // direct_8x8_inference_flag
    int width = widthMbs * 16;
    int height = (2 - frameMbsOnly) * heightMapUnits * 16;
    if (r.u(1) == 1) { // frame_cropping_flag
      int arrayType = separateColourPlanes ? 0 : chroma;
      int cropX = arrayType == 0 ? 1 : arrayType == 3 ? 1 : 2;
      int cropY = (arrayType == 1 ? 2 : 1) * (2 - frameMbsOnly);
      width -= cropX * (r.ue() + r.ue());
      height -= cropY * (r.ue() + r.ue());
    }
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) return -1;
    return width << 16 | height;
  }

  private static void skipScalingList(Bits r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) next = (last + r.se() + 256) % 256;
      last = next == 0 ? last : next;
    }
  }

  /** A big-endian bit reader with Exp-Golomb codes; runs past the end with IndexOutOfBoundsException. */
  private static final class Bits {
    private final byte[] b;
    private final int limitBits;
    private int pos;

    Bits(byte[] b, int len) {
      this.b = b;
      this.limitBits = len * 8;
    }

    int u(int n) {
      int v = 0;
      for (int i = 0; i < n; i++) {
        if (pos >= limitBits) throw new IndexOutOfBoundsException();
        v = v << 1 | ((b[pos >>> 3] >>> (7 - (pos & 7))) & 1);
        pos++;
      }
      return v;
    }

    int ue() {
      int zeros = 0;
      while (u(1) == 0) {
        if (++zeros > 31) throw new IllegalStateException("Exp-Golomb code too long");
      }
      return (int) ((1L << zeros) - 1 + u(zeros));
    }

    int se() {
      int k = ue();
      return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
  }
}
