package org.telerounds.media.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * Answers whether an RTP payload (the bytes after the header, without padding) is the first
 * packet of a keyframe, for one video codec. A decoder that starts there can decode the whole
 * stream; started anywhere else it shows nothing until the next keyframe.
 */
@FunctionalInterface
public interface KeyframeDetector {
  /** True when the payload {@code (b, off, len)} begins a keyframe. */
  boolean startsKeyframe(byte[] b, int off, int len);

  /**
   * The detector for a codec name as SDP writes it ({@code VP8}, {@code H264}); empty for codecs
   * that are not video or that the server does not negotiate.
   */
  static Optional<KeyframeDetector> forCodec(String codecName) {
    return switch (codecName.toUpperCase(Locale.ROOT)) {
      case "VP8" -> Optional.of(Vp8Payload::startsKeyframe);
      case "H264" -> Optional.of(H264Payload::startsKeyframe);
      default -> Optional.empty();
    };
  }
}
