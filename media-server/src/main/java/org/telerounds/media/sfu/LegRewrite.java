package org.telerounds.media.sfu;

import java.util.random.RandomGenerator;
import org.telerounds.media.rtp.SequenceNumbers;

/**
 * The mapping of one leg from the publisher's sequence-number and timestamp spaces into its own:
 * random offsets at the first packet; after a pause, the sequence continues without a gap (the
 * timestamps keep the publisher's clock, which ran on); after a simulcast switch, where the new
 * layer's spaces are unrelated, the sequence continues without a gap and the timestamps by the
 * wall-clock time since the last forwarded packet ({@link SimulcastTimestamps}). Sequence numbers
 * before the latest restart are not the leg's to retransmit ({@link #carried}). Pure arithmetic,
 * no allocation.
 */
final class LegRewrite {
  private final RandomGenerator random;
  private final int clockRate;
  private boolean started;
  private boolean resync;
  private boolean switching;
  private int seqOffset;
  private long tsOffset;
  private int firstValidOutSeq;
  private int lastOutSeq;
  private long lastTs = -1;
  // the newest packet mapped (a reordered one does not count): where a resync or switch continues
  private int highestOutSeq;
  private long highestTs;
  private long highestArrivalNanos;

  LegRewrite(RandomGenerator random, int clockRate) {
    this.random = random;
    this.clockRate = clockRate;
  }

  boolean started() { return started; }

  /** The last timestamp the leg sent, or -1 before its first packet. */
  long lastTs() { return lastTs; }

  /** After a pause: the next packet continues the sequence (same timestamp clock). */
  void resyncAfterPause() {
    if (started) resync = true;
  }

  /** A simulcast switch: the next packet, the new layer's keyframe, continues sequence and time. */
  void switchLayer() {
    if (started) switching = true;
  }

  /**
   * This leg goes on as the stream {@code before} sent (a recycled m-section, a new source): its
   * next packet continues {@code before}'s sequence and time, as after a simulcast switch.
   */
  void continueFrom(LegRewrite before) {
    if (!before.started) return;
    started = true;
    switching = true;
    highestOutSeq = before.highestOutSeq;
    highestTs = before.highestTs;
    highestArrivalNanos = before.highestArrivalNanos;
    lastOutSeq = before.lastOutSeq;
    lastTs = before.lastTs;
    firstValidOutSeq = (highestOutSeq + 1) & 0xFFFF;
  }

  /** Maps the next forwarded packet; then {@link #outSeq()} and {@link #outTs()} are its header values. */
  void next(int inSeq, long inTs, long arrivalNanos) {
    if (!started) {
      started = true;
      seqOffset = (random.nextInt(0x8000) - inSeq) & 0xFFFF;
      tsOffset = (random.nextInt() & 0x7FFFFFFFL) - inTs;
      firstValidOutSeq = (inSeq + seqOffset) & 0xFFFF;
    } else if (switching) {
      switching = false;
      resync = false;
      seqOffset = (highestOutSeq + 1 - inSeq) & 0xFFFF;
      firstValidOutSeq = (highestOutSeq + 1) & 0xFFFF;
      tsOffset = highestTs + SimulcastTimestamps.ticksBetween(highestArrivalNanos, arrivalNanos, clockRate) - inTs;
    } else if (resync) {
      resync = false;
      seqOffset = (highestOutSeq + 1 - inSeq) & 0xFFFF;
      firstValidOutSeq = (highestOutSeq + 1) & 0xFFFF;
    }
    lastOutSeq = (inSeq + seqOffset) & 0xFFFF;
    lastTs = (inTs + tsOffset) & 0xFFFFFFFFL;
    if (lastOutSeq == firstValidOutSeq || SequenceNumbers.isNewer(lastOutSeq, highestOutSeq)) {
      highestOutSeq = lastOutSeq;
      highestTs = lastTs;
      highestArrivalNanos = arrivalNanos;
    }
  }

  /**
   * Whether the publisher's {@code inSeq} falls before the start of the current mapping (a late
   * packet from before the last switch or resync, which the leg never carried and must not send).
   */
  boolean beforeMapping(int inSeq) {
    return started && !resync && !switching
        && SequenceNumbers.isNewer(firstValidOutSeq, (inSeq + seqOffset) & 0xFFFF);
  }

  int outSeq() { return lastOutSeq; }
  long outTs() { return lastTs; }

  /** The publisher's timestamp {@code inTs} in the leg's space (for retransmissions and reports). */
  long outTs(long inTs) { return (inTs + tsOffset) & 0xFFFFFFFFL; }

  /** Whether the leg carried {@code outSeq} in its current mapping (so the cache may answer a NACK for it). */
  boolean carried(int outSeq) {
    return started && !resync && !switching && !SequenceNumbers.isNewer(firstValidOutSeq, outSeq);
  }

  /** The publisher's sequence number of the leg's {@code outSeq}. */
  int inSeq(int outSeq) { return (outSeq - seqOffset) & 0xFFFF; }
}
