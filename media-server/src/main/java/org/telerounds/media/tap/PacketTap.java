package org.telerounds.media.tap;

import org.telerounds.media.sfu.TrackInfo;

/**
 * Sees every decrypted RTP packet a publisher sends, before forwarding. The recorder and the audio
 * path (enhancement, transcription) implement it. Called on the media event loop: implementations
 * copy what they keep and hand work to their own executor; they must never block or throw.
 */
public interface PacketTap {
  /** {@code b[off, off+len)} is valid only during the call. */
  void onRtp(TrackInfo track, byte[] b, int off, int len, long arrivalNanos);

  /**
   * Whether this tap uses video packets (the recorder does; the audio path does not). While one
   * does, a simulcast track's top layer, the one taps see, is never paused at the publisher.
   */
  default boolean wantsVideo() { return true; }

  /** A published track ended (unpublished, or its participant left). */
  default void onTrackEnded(TrackInfo track) {}
}
