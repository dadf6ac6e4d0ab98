package org.telerounds.recorder.write;

import org.telerounds.media.codec.H264Payload;

/**
 * H.264 access units in Annex B form from RTP payloads (RFC 6184, packetization mode 1): single
 * NAL units, STAP-A and FU-A. Keyframes are access units that start an IDR (SPS or IDR slice), as
 * media-server's {@link H264Payload} reads them for the SFU's keyframe gating.
 */
public final class H264Depacketizer extends Depacketizer {
  private static final byte[] START = {0, 0, 0, 1};
  private boolean idr;

  @Override
  protected boolean startsFrame(byte[] b, int off, int len) {
    if (len < 1) return false;
    int type = b[off] & 0x1F;
    return type != 28 || (len > 1 && (b[off + 1] & 0x80) != 0);
  }

  @Override
  protected boolean append(byte[] b, int off, int len) {
    if (frame.size() == 0) idr = false;
    if (len < 1) return false;
    if (H264Payload.startsKeyframe(b, off, len)) idr = true;
    int type = b[off] & 0x1F;
    if (type >= 1 && type <= 23) {
      nal(b, off, len);
      return true;
    }
    if (type == 24) { // STAP-A
      int p = off + 1;
      int end = off + len;
      while (p + 2 <= end) {
        int size = (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
        p += 2;
        if (size == 0 || p + size > end) return false;
        nal(b, p, size);
        p += size;
      }
      return p == end;
    }
    if (type == 28) { // FU-A
      if (len < 2) return false;
      int fu = b[off + 1] & 0xFF;
      if ((fu & 0x80) != 0) {
        frame.write(START, 0, 4);
        frame.write((b[off] & 0xE0) | (fu & 0x1F));
      } else if (frame.size() == 0) {
        return false; // a fragment without its start
      }
      frame.write(b, off + 2, len - 2);
      return true;
    }
    return false; // STAP-B, MTAP, FU-B: not in packetization mode 1
  }

  private void nal(byte[] b, int off, int len) {
    frame.write(START, 0, 4);
    frame.write(b, off, len);
  }

  @Override
  protected boolean isKeyframe() {
    return idr;
  }
}
