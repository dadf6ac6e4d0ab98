package org.telerounds.recorder.write;

import org.telerounds.media.codec.Vp8Payload;

/**
 * VP8 frames from RTP payloads (RFC 7741): strips the payload descriptor. Frame starts and
 * keyframes are read by media-server's {@link Vp8Payload}, the same reader the SFU gates legs with.
 */
public final class Vp8Depacketizer extends Depacketizer {
  private boolean key;

  @Override
  protected boolean startsFrame(byte[] b, int off, int len) {
    return Vp8Payload.startsFrame(b, off, len);
  }

  @Override
  protected boolean append(byte[] b, int off, int len) {
    int n = Vp8Payload.descriptorLength(b, off, len);
    if (n < 0) return false;
    if (frame.size() == 0) key = Vp8Payload.startsKeyframe(b, off, len);
    frame.write(b, off + n, len - n);
    return true;
  }

  @Override
  protected boolean isKeyframe() {
    return key;
  }

  /** Width and height from a VP8 keyframe's header (RFC 6386 section 9.1), or zeros. */
  static int[] keyframeSize(byte[] f, int off, int len) {
    if (!Vp8Payload.isKeyframeHeader(f, off, len)) {
      return new int[] {0, 0};
    }
    int w = ((f[off + 6] & 0xFF) | (f[off + 7] & 0xFF) << 8) & 0x3FFF;
    int h = ((f[off + 8] & 0xFF) | (f[off + 9] & 0xFF) << 8) & 0x3FFF;
    return new int[] {w, h};
  }
}
