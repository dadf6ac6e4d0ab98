package org.telerounds.media.sfu;

/** One m-section of a subscribe offer: which mid carries which published track. */
public record SubscribedTrack(String mid, TrackInfo track, boolean active) {}
