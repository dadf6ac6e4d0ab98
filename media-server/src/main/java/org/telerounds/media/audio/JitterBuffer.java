package org.telerounds.media.audio;

import java.util.Arrays;

/**
 * Reorders the Opus payloads of one RTP stream by sequence number and releases them at the pace
 * of its reader, one 20 ms frame per {@link #poll} call. Playout starts once {@code targetDepth}
 * frames are held, which is the buffer's whole added latency. A packet that arrives after its
 * slot was played is dropped as late; if the buffer holds more than {@code capacity} frames (a
 * clock drift or a burst) the oldest are skipped. When it runs dry (nothing due and nothing
 * after it: the sender paused, or the reader ran ahead, e.g. after its thread was held up) the
 * reader gets null but its position stays, so the next packet is on time rather than late; only
 * a gap with later packets already here counts as loss. Not thread-safe: one reader thread owns it.
 */
public final class JitterBuffer {
  private final int targetDepth;
  private final int capacity;
  private final byte[][] slots;
  private final int[] slotSeq;
  private boolean started;
  private int nextSeq;
  private int highestSeq;
  private long late;
  private long overflowSkips;
  private long underruns;

  /**
   * @param targetDepth frames held before playout starts (1 = 20 ms)
   * @param capacity most frames held; must be at least {@code targetDepth + 1}
   */
  public JitterBuffer(int targetDepth, int capacity) {
    if (targetDepth < 0 || capacity <= targetDepth) {
      throw new IllegalArgumentException("need 0 <= targetDepth < capacity");
    }
    this.targetDepth = targetDepth;
    this.capacity = capacity;
    this.slots = new byte[capacity][];
    this.slotSeq = new int[capacity];
  }

  /** Takes ownership of {@code payload} for RTP sequence number {@code seq}. */
  public void offer(int seq, byte[] payload) {
    seq &= 0xffff;
    if (!started && count() == 0) {
      nextSeq = seq;
      highestSeq = seq;
    }
    if (started && diff(seq, nextSeq) < 0) {
      late++;
      return;
    }
    if (!started && diff(seq, nextSeq) < 0) {
      nextSeq = seq; // a reordered packet before playout: start from it
    }
    if (diff(seq, highestSeq) > 0) highestSeq = seq;
    while (diff(highestSeq, nextSeq) >= capacity) { // too far ahead: skip the oldest slots
      slots[nextSeq % capacity] = null;
      nextSeq = (nextSeq + 1) & 0xffff;
      overflowSkips++;
    }
    int i = seq % capacity;
    slots[i] = payload;
    slotSeq[i] = seq;
  }

  /**
   * Returns the payload due now, or null when it is missing (lost or late) or playout has not
   * started yet (see {@link #isPlaying}).
   */
  public byte[] poll() {
    if (!started) {
      if (count() == 0 || diff(highestSeq, nextSeq) + 1 < targetDepth + 1) return null;
      started = true;
    }
    if (count() == 0 || diff(highestSeq, nextSeq) < 0) { // dry: wait for the sender, don't skip ahead
      underruns++;
      return null;
    }
    int i = nextSeq % capacity;
    byte[] p = slots[i] != null && slotSeq[i] == nextSeq ? slots[i] : null;
    slots[i] = null;
    nextSeq = (nextSeq + 1) & 0xffff;
    if (diff(highestSeq, nextSeq) < 0) highestSeq = (nextSeq - 1) & 0xffff;
    return p;
  }

  /** The payload after the one last polled, if already here (its FEC can rebuild a lost frame). */
  public byte[] peekNext() {
    int i = nextSeq % capacity;
    return started && slots[i] != null && slotSeq[i] == nextSeq ? slots[i] : null;
  }

  /** True once playout has started. */
  public boolean isPlaying() { return started; }

  /** Forgets everything, e.g. after the stream stopped; playout restarts at the next packet. */
  public void reset() {
    Arrays.fill(slots, null);
    started = false;
  }

  /** Packets dropped because their slot had already been played. */
  public long late() { return late; }

  /** Polls that found the buffer dry (the reader waited instead of skipping ahead). */
  public long underruns() { return underruns; }

  /** Frames skipped because the buffer overflowed. */
  public long overflowSkips() { return overflowSkips; }

  /** Frames held now. */
  public int count() {
    int n = 0;
    for (byte[] s : slots) if (s != null) n++;
    return n;
  }

  private static int diff(int a, int b) {
    return (short) (a - b);
  }
}
