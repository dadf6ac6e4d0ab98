package org.telerounds.media.sfu;

/** How the media server tells signaling about one participant. Called on the media event loop. */
public interface ParticipantListener {
  /** The set of tracks this participant should receive changed: ask for a new subscribe offer. */
  void onRenegotiationNeeded();

  /** A transport failed (ICE consent lost, DTLS failed); the participant should be removed. */
  void onTransportFailed(String pc, String reason);
}
