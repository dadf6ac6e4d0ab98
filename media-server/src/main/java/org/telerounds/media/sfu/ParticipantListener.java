package org.telerounds.media.sfu;

/** How the media server tells signaling about one participant. Called on the media event loop. */
public interface ParticipantListener {
  /** The set of tracks this participant should receive changed: ask for a new subscribe offer. */
  void onRenegotiationNeeded();

  /** A transport failed (ICE consent lost, DTLS failed); the participant should be removed. */
  void onTransportFailed(String pc, String reason);

  /**
   * The server published a track on this participant's behalf (a cart's {@code voice:enhanced}):
   * signaling announces it as this participant's. Subscribers get it through renegotiation.
   */
  default void onServerTrackAdded(TrackInfo track) {}

  /** A server-made track of this participant ended (enhancement switched off, or its mic ended). */
  default void onServerTrackRemoved(TrackInfo track) {}

  /**
   * The server asks this publisher to send only the simulcast layers {@code activeRids} of the
   * track in its publish m-section {@code mid}: the others no subscriber needs now (the page sets
   * those encodings inactive). A publisher that ignores it loses nothing but uplink.
   */
  default void onLayersActive(TrackInfo track, String mid, java.util.List<String> activeRids) {}
}
