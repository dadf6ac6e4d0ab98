package org.telerounds.media.sfu;

import java.util.List;

/** The answer to a publish offer and the tracks it added or ended. */
public record PublishResult(String answerSdp, List<TrackInfo> added, List<TrackInfo> removed) {}
