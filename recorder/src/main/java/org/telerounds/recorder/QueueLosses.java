package org.telerounds.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.telerounds.media.sfu.TrackInfo;

/**
 * The packets each track lost because the writer's queue was full, kept on the media loop's side
 * until the queue has room again. The next packet of that track that is queued takes its loss
 * first, so the writer records it as a gap in the right place ({@code writer-queue-full}); a track
 * or round that ends takes its losses too. Nothing is lost silently: every drop is in a gap.
 */
final class QueueLosses {
  /** Packets of {@code track} dropped from the first drop at {@code fromNanos} on. */
  record Loss(TrackInfo track, long fromNanos, long packets) {}

  static final String CAUSE = "writer-queue-full";
  private final ConcurrentHashMap<String, Loss> pending = new ConcurrentHashMap<>();

  void dropped(TrackInfo track, long arrivalNanos) {
    pending.merge(track.trackId(), new Loss(track, arrivalNanos, 1),
        (a, b) -> new Loss(a.track(), a.fromNanos(), a.packets() + 1));
  }

  /** The track's pending loss, now handed over; null if none (the common case costs one check). */
  Loss take(TrackInfo track) {
    return pending.isEmpty() ? null : pending.remove(track.trackId());
  }

  /** Every pending loss of the room's tracks, now handed over. */
  List<Loss> takeRoom(String room) {
    List<Loss> out = new ArrayList<>();
    if (pending.isEmpty()) return out;
    for (Loss l : pending.values()) {
      if (l.track().roomId().equals(room) && pending.remove(l.track().trackId(), l)) out.add(l);
    }
    return out;
  }
}
