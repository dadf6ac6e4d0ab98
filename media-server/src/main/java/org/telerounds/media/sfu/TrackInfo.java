package org.telerounds.media.sfu;

/** What signaling, taps and the recorder know about a published track. Immutable. */
public record TrackInfo(String trackId, String roomId, String participantId, TrackRole role, String kind,
    String codec, int clockRate) {}
