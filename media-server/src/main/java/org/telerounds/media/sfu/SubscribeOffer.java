package org.telerounds.media.sfu;

import java.util.List;

/** A server-made offer for the subscribe PeerConnection, with the track behind every mid. */
public record SubscribeOffer(String sdp, List<SubscribedTrack> tracks) {}
