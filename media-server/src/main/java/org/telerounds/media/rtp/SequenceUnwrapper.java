package org.telerounds.media.rtp;

/**
 * Extends a stream of 16-bit RTP sequence numbers to a 64-bit counter that keeps growing across
 * wrap-arounds, tolerating reordering of up to half the sequence space. The first value unwraps to
 * itself (0..65535); later values are placed at the nearest position to the previous one, so a
 * packet reordered from before the first one may unwrap to a negative number. One instance per
 * stream; not thread-safe.
 */
public final class SequenceUnwrapper {
  private boolean started;
  private long last;

  /** Returns the extended value of {@code seq} (taken modulo 2^16) and remembers it. */
  public long unwrap(int seq) {
    seq &= 0xFFFF;
    if (!started) {
      started = true;
      last = seq;
      return last;
    }
    last += SequenceNumbers.diff(seq, (int) last);
    return last;
  }
}
