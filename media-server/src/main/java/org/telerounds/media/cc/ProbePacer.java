package org.telerounds.media.cc;

/**
 * Runs probe clusters one after another: while a cluster runs, every packet sent to the subscriber
 * (media, retransmission or padding) belongs to it, and {@link #bytesDue} says how much padding
 * keeps the cluster at its target rate: what the rate allows since the cluster began, less what
 * was sent, and one packet at once to start it. A cluster ends once it has run
 * {@value #MIN_DURATION_US} µs and sent {@value #MIN_PACKETS} packets, or after
 * {@value #MAX_DURATION_US} µs whatever it sent (a caller that cannot pad); the next waiting one
 * starts then. Up to {@value #QUEUE} clusters wait; a request beyond that is dropped. Fixed
 * fields, no allocation.
 */
final class ProbePacer {
  static final long MIN_DURATION_US = 15_000;
  static final long MAX_DURATION_US = 60_000;
  static final int MIN_PACKETS = ProbeResultEstimator.MIN_PACKETS;
  static final int QUEUE = 4;
  private static final int MAX_DUE_BYTES = 64 * 1024;

  private final long[] waitingBps = new long[QUEUE];
  private int waiting;
  private int nextId;
  private int activeId = -1;
  private long activeBps;
  private long startUs;
  private long sentBytes;
  private int sentPackets;
  private long clusters;

  /** Queues a cluster at {@code bps}; false when the queue is full. */
  boolean request(long bps) {
    if (bps <= 0 || waiting == QUEUE) return false;
    waitingBps[waiting++] = bps;
    return true;
  }

  /** A packet of {@code size} bytes leaves now: the id of the cluster it belongs to, or -1. */
  int onSent(long nowUs, int size) {
    advance(nowUs);
    if (activeId < 0) return -1;
    sentBytes += size;
    sentPackets++;
    return activeId;
  }

  /** The padding, in bytes, to send now to keep the running cluster at its rate (0 without one). */
  int bytesDue(long nowUs) {
    advance(nowUs);
    if (activeId < 0) return 0;
    if (sentPackets == 0) return 1;
    double allowed = activeBps * (nowUs - startUs) / 8e6;
    return (int) Math.max(0, Math.min(MAX_DUE_BYTES, allowed - sentBytes));
  }

  /** Whether a cluster runs or waits. */
  boolean busy() { return activeId >= 0 || waiting > 0; }

  /** Clusters started so far. */
  long clusters() { return clusters; }

  private void advance(long nowUs) {
    if (activeId >= 0) {
      long ran = nowUs - startUs;
      boolean done = ran >= MIN_DURATION_US && sentPackets >= MIN_PACKETS;
      if (!done && ran < MAX_DURATION_US && ran >= 0) return;
      activeId = -1;
    }
    if (waiting == 0) return;
    activeBps = waitingBps[0];
    System.arraycopy(waitingBps, 1, waitingBps, 0, --waiting);
    activeId = nextId++;
    startUs = nowUs;
    sentBytes = 0;
    sentPackets = 0;
    clusters++;
  }
}
