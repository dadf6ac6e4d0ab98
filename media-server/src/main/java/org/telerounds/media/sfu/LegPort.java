package org.telerounds.media.sfu;

/**
 * What a leg's nodes ({@link LegNodes}) ask of their leg ({@link DownTrack}): kept this small so
 * that each node can be tested on its own.
 */
interface LegPort {
  /** The subscriber accepted the leg and its transport is up. */
  boolean isActive();

  /** The leg is active now: a video leg may ask for its first keyframe (once, past the throttle). */
  void activeNow();

  /** The subscriber's estimate cannot carry the leg. */
  boolean isSuspended();

  /** The leg's own copy of the packet (arrived at {@code arrivalNanos}), rewritten into its spaces, to the transport. */
  void rewriteAndSend(byte[] b, int off, int len, long arrivalNanos);

  /**
   * The leg switched simulcast layer at the packet about to be forwarded (a keyframe): its rewrite
   * continues sequence numbers and timestamps from there. Legs without simulcast never hear it.
   */
  default void layerSwitched(LayerSelector.SwitchReason why) {}
}
