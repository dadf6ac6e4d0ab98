package org.telerounds.recorder.write;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes video frames as IVF: a 32-byte header, then each frame with its size and its RTP
 * timestamp (90 kHz) relative to the first frame, so gaps (privacy mode) keep their length. Used
 * for VP8 ({@code VP80}) and for H.264 access units in Annex B form ({@code H264}); ffmpeg reads
 * both and remuxes them without re-encoding. Nothing is written before the first keyframe.
 */
public final class IvfWriter implements MediaWriter {
  private final String fourcc;
  private OutputStream out;
  private boolean started;
  private long first;
  private long unwrapped;
  private long lastRtp = -1;
  private long frames;

  public IvfWriter(String fourcc) {
    if (fourcc.length() != 4) throw new IllegalArgumentException("fourcc must be 4 characters");
    this.fourcc = fourcc;
  }

  @Override
  public void switchTo(OutputStream sink) {
    this.out = sink;
  }

  @Override
  public void restart() {
    started = false;
    frames = 0;
  }

  @Override
  public void write(byte[] frame, int off, int len, long rtpTimestamp, boolean keyframe) throws IOException {
    if (!started) {
      if (!keyframe) return;
      writeHeader(frame, off, len);
      started = true;
    }
    long ts = unwrap(rtpTimestamp);
    if (frames == 0) first = ts;
    byte[] h = new byte[12];
    OggOpusWriter.le32(h, 0, len);
    OggOpusWriter.le64(h, 4, ts - first);
    out.write(h);
    out.write(frame, off, len);
    frames++;
  }

  public long frames() {
    return frames;
  }

  private long unwrap(long rtp) {
    if (lastRtp < 0) {
      unwrapped = rtp;
    } else {
      unwrapped += (int) (rtp - lastRtp);
    }
    lastRtp = rtp;
    return unwrapped;
  }

  private void writeHeader(byte[] keyframe, int off, int len) throws IOException {
    byte[] h = new byte[32];
    h[0] = 'D';
    h[1] = 'K';
    h[2] = 'I';
    h[3] = 'F';
    OggOpusWriter.le16(h, 4, 0);
    OggOpusWriter.le16(h, 6, 32);
    for (int i = 0; i < 4; i++) h[8 + i] = (byte) fourcc.charAt(i);
    int[] size = fourcc.equals("VP80") ? Vp8Depacketizer.keyframeSize(keyframe, off, len) : new int[] {0, 0};
    OggOpusWriter.le16(h, 12, size[0]);
    OggOpusWriter.le16(h, 14, size[1]);
    OggOpusWriter.le32(h, 16, 90000); // time base: 1/90000 s, the RTP video clock
    OggOpusWriter.le32(h, 20, 1);
    OggOpusWriter.le32(h, 24, 0); // frame count: unknown while recording; readers do not need it
    out.write(h);
  }
}
