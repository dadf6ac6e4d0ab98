package org.telerounds.recorder.round;

import java.util.ArrayList;
import java.util.List;

/**
 * The gaps of one track and the retry after a failed write. After a failure the media is dropped
 * (it is inside the gap) until {@code retryNanos} have passed; then a trial segment is written. The
 * gap ends where the trial segment begins, once that segment is safely in the spool; if the trial
 * fails too, the gap goes on and the next try waits again. Media that never reached the writer
 * (its queue was full) is a gap too ({@link #missed}): it ends at the next frame that can start a
 * stream, a keyframe for video, since the frames between would not decode. Times are the media
 * path's {@code System.nanoTime} arrivals, turned into wall-clock ms by the round's {@link WallClock}.
 */
final class TrackGaps {
  private final long retryNanos;
  private final WallClock wall;
  private final List<Gap> closed = new ArrayList<>();
  private boolean open;
  private long startNanos;
  private String cause;
  private long retryAtNanos;
  private long trialNanos = -1;
  private boolean missing;
  private long missedFromNanos;
  private String missedCause;

  TrackGaps(long retryNanos, WallClock wall) {
    this.retryNanos = retryNanos;
    this.wall = wall;
  }

  boolean open() {
    return open;
  }

  /**
   * Whether a frame arriving at {@code nowNanos} may be written: always outside a gap; inside one,
   * once the retry time has come and (video) the frame is a keyframe, which starts the trial.
   */
  boolean accepts(long nowNanos, boolean canStartHere) {
    if (missing) {
      if (!canStartHere) return false;
      closed.add(new Gap(wall.millisAt(missedFromNanos), wall.millisAt(Math.max(nowNanos, missedFromNanos)), missedCause));
      missing = false;
    }
    if (!open || trialNanos >= 0) return true;
    if (nowNanos - retryAtNanos < 0 || !canStartHere) return false;
    trialNanos = nowNanos;
    return true;
  }

  /**
   * Writing failed at {@code nowNanos}; the media from {@code lostFromNanos} on is lost. Returns
   * true when this opens a new gap (false: an open gap's trial failed again).
   */
  boolean failed(long lostFromNanos, String why, long nowNanos) {
    retryAtNanos = nowNanos + retryNanos;
    trialNanos = -1;
    if (open) return false;
    open = true;
    startNanos = lostFromNanos;
    cause = why;
    return true;
  }

  /**
   * Media from {@code fromNanos} on never reached the writer ({@code why}); the gap ends at the next
   * frame {@link #accepts} lets through. Inside a gap that is open already, nothing changes. Returns
   * true when this starts a new gap.
   */
  boolean missed(long fromNanos, String why) {
    if (open || missing) return false;
    missing = true;
    missedFromNanos = fromNanos;
    missedCause = why;
    return true;
  }

  /** A segment reached the spool: an open gap whose trial it was ends; returns that gap, else null. */
  Gap segmentKept() {
    if (!open || trialNanos < 0) return null;
    return close(trialNanos);
  }

  /** The track ended; a gap still open ends at the track's last arrival. */
  Gap trackEnded(long lastNanos) {
    if (missing) {
      missing = false;
      Gap g = new Gap(wall.millisAt(missedFromNanos), wall.millisAt(Math.max(lastNanos, missedFromNanos)), missedCause);
      closed.add(g);
      return g;
    }
    return open ? close(Math.max(lastNanos, startNanos)) : null;
  }

  int closedCount() {
    return closed.size();
  }

  List<Gap> gaps() {
    return List.copyOf(closed);
  }

  /** The gaps so far with an open one up to {@code nowNanos} (for round.json while recording). */
  List<Gap> gapsSoFar(long nowNanos) {
    List<Gap> all = new ArrayList<>(closed);
    if (open) all.add(new Gap(wall.millisAt(startNanos), wall.millisAt(Math.max(nowNanos, startNanos)), cause));
    if (missing) {
      all.add(new Gap(wall.millisAt(missedFromNanos), wall.millisAt(Math.max(nowNanos, missedFromNanos)), missedCause));
    }
    return all;
  }

  private Gap close(long endNanos) {
    Gap g = new Gap(wall.millisAt(startNanos), wall.millisAt(endNanos), cause);
    closed.add(g);
    open = false;
    trialNanos = -1;
    return g;
  }
}
