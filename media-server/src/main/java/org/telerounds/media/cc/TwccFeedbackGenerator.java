package org.telerounds.media.cc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.telerounds.media.rtcp.RtcpWriter;
import org.telerounds.media.rtp.SequenceUnwrapper;

/**
 * The receive side of transport-wide congestion control, for one publisher's transport: it notes
 * the arrival time of every packet by its transport-wide sequence number and, when drained (every
 * ~100 ms), writes the feedback packets that cover everything since the last drain: one status
 * per sequence number (received or not) and one receive delta per received packet, in 250 µs
 * ticks. A delta too large for 16 bits, or more than {@link #MAX_PACKETS_PER_FEEDBACK} statuses
 * after the first received packet, starts another feedback packet with its own reference time. A packet that arrives after its
 * sequence number was reported lost is counted late and not reported (libwebrtc does the same).
 * Arrivals are kept in a fixed ring ({@value #WINDOW} sequence numbers, no boxing); if drains stop
 * for that long, the oldest unreported packets are given up. Not thread-safe: one media loop.
 */
public final class TwccFeedbackGenerator {
  static final int WINDOW = 1 << 13;
  static final int MAX_PACKETS_PER_FEEDBACK = 400;
  private static final long EMPTY = Long.MIN_VALUE;
  private static final long TICK_US = 250;
  private static final long REFERENCE_US = 64_000;

  private final long[] arrivalUs = new long[WINDOW];
  private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
  private boolean started;
  private long next; // first sequence number not yet reported
  private long highest = -1;
  private int feedbackCount;
  private long late;
  private long givenUp;

  public TwccFeedbackGenerator() {
    Arrays.fill(arrivalUs, EMPTY);
  }

  /** A packet with transport-wide sequence number {@code seq} arrived at {@code arrivalMicros}. */
  public void onPacket(int seq, long arrivalMicros) {
    long s = unwrapper.unwrap(seq);
    if (!started) {
      started = true;
      next = s;
      highest = s - 1;
    }
    if (s < next) {
      late++;
      return;
    }
    if (s - next >= WINDOW) { // drains stopped: give up what the ring can no longer hold
      long newNext = s - WINDOW + 1;
      for (long k = next; k < Math.min(newNext, highest + 1); k++) {
        if (arrivalUs[slot(k)] != EMPTY) givenUp++;
        arrivalUs[slot(k)] = EMPTY;
      }
      next = newNext;
    }
    if (arrivalUs[slot(s)] == EMPTY) arrivalUs[slot(s)] = arrivalMicros; // a duplicate keeps the first
    if (s > highest) highest = s;
  }

  /** Packets that came after their sequence number had been reported lost. */
  public long latePackets() { return late; }

  /** Received packets never reported because no drain came for {@value #WINDOW} sequence numbers. */
  public long givenUpPackets() { return givenUp; }

  /** Whether a drain would write anything. */
  public boolean hasPending() { return started && highest >= next; }

  /**
   * The feedback packets for everything since the last drain (none when nothing arrived), with the
   * server's RTCP sender SSRC and one of the publisher's media SSRCs.
   */
  public List<byte[]> drain(long senderSsrc, long mediaSsrc) {
    List<byte[]> out = new ArrayList<>(1);
    while (next <= highest) { // highest is always a received packet
      long first = next;
      long firstReceived = first;
      while (arrivalUs[slot(firstReceived)] == EMPTY) firstReceived++;
      long firstArrival = arrivalUs[slot(firstReceived)];
      long referenceUs = Math.floorDiv(firstArrival, REFERENCE_US) * REFERENCE_US;
      long prevTicks = referenceUs / TICK_US;
      // A run of losses (a network cut) longer than one feedback still ends on the packet after
      // it: run-length chunks keep such a feedback small, and below the ring's size the status
      // count fits its 16 bits. Capping the run at 400 left a feedback of lost packets only, which
      // cannot be written: the publisher got no feedback again and its estimate stayed at the floor.
      int max = (int) Math.min(highest - first + 1, firstReceived - first + MAX_PACKETS_PER_FEEDBACK);
      byte[] symbols = new byte[max];
      int[] deltas = new int[max];
      int count = 0;
      int received = 0;
      int lastReceived = 0;
      for (long s = first; s < first + max; s++) {
        long a = arrivalUs[slot(s)];
        if (a == EMPTY) {
          symbols[count++] = 0;
          continue;
        }
        long ticks = Math.floorDiv(a, TICK_US);
        long delta = ticks - prevTicks;
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) break; // next feedback, new reference
        symbols[count++] = (byte) (delta >= 0 && delta <= 255 ? 1 : 2);
        deltas[received++] = (int) delta;
        prevTicks = ticks;
        lastReceived = count;
      }
      // end on a received packet: lost ones after it start the next feedback (its base), so they
      // are still reported, as lost or as late arrivals
      count = lastReceived;
      for (long s = first; s < first + count; s++) arrivalUs[slot(s)] = EMPTY;
      next = first + count;
      out.add(RtcpWriter.transportCc(senderSsrc, mediaSsrc, (int) first, (int) (referenceUs / REFERENCE_US),
          feedbackCount++, symbols, count, deltas));
    }
    return out;
  }

  private static int slot(long seq) {
    return (int) (seq & (WINDOW - 1));
  }
}
