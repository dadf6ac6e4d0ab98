package org.telerounds.recorder.write;

import java.io.ByteArrayOutputStream;

/**
 * Rebuilds complete frames from a track's RTP payloads, given in sequence order. A frame is
 * complete at the packet with the marker bit; a frame with a missing packet is dropped.
 */
public abstract class Depacketizer {
  /** A complete frame; {@code data} is owned by the receiver. */
  public record Frame(byte[] data, long rtpTimestamp, boolean keyframe) {}

  protected final ByteArrayOutputStream frame = new ByteArrayOutputStream(16 * 1024);
  private long timestamp = -1;
  private boolean broken;
  private boolean keyframe;

  /**
   * Adds one packet's payload. {@code contiguous} is false when packets before it were lost.
   * Returns the completed frame at a marker packet, else null.
   */
  public Frame add(byte[] b, int off, int len, long rtpTimestamp, boolean marker, boolean contiguous) {
    if (rtpTimestamp != timestamp) {
      frame.reset();
      timestamp = rtpTimestamp;
      broken = !contiguous && !startsFrame(b, off, len);
      keyframe = false;
    } else if (!contiguous) {
      broken = true;
    }
    if (!broken) {
      if (!append(b, off, len)) broken = true;
      if (!keyframe) keyframe = isKeyframe();
    }
    if (!marker) return null;
    Frame f = broken || frame.size() == 0 ? null : new Frame(frame.toByteArray(), rtpTimestamp, keyframe);
    frame.reset();
    timestamp = -1;
    return f;
  }

  /** Whether this payload begins a frame. */
  protected abstract boolean startsFrame(byte[] b, int off, int len);

  /** Appends the payload's frame bytes; false if the payload is malformed. */
  protected abstract boolean append(byte[] b, int off, int len);

  /** Whether the bytes gathered so far begin a keyframe. */
  protected abstract boolean isKeyframe();

  /** The depacketizer for a codec name as the SFU reports it ({@code VP8}, {@code H264}). */
  public static Depacketizer forCodec(String codec) {
    return switch (codec.toUpperCase(java.util.Locale.ROOT)) {
      case "VP8" -> new Vp8Depacketizer();
      case "H264" -> new H264Depacketizer();
      default -> throw new IllegalArgumentException("no depacketizer for " + codec);
    };
  }
}
