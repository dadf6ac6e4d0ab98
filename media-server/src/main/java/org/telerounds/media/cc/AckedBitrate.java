package org.telerounds.media.cc;

/**
 * The rate the receiver acknowledged: bytes of the packets reported received whose arrival falls
 * in the last {@value #WINDOW_MS} ms, over that window (or over the span seen, while shorter).
 * A fixed ring of {@value #CAPACITY} samples, no allocation per packet.
 */
final class AckedBitrate {
  static final long WINDOW_MS = 500;
  static final int CAPACITY = 4096;

  private final double[] arrivalMs = new double[CAPACITY];
  private final int[] bytes = new int[CAPACITY];
  private int head;
  private int size;
  private long sum;
  private double newestMs = Double.NEGATIVE_INFINITY;

  void onAcked(double arrival, int size) {
    if (this.size == CAPACITY) evictOldest();
    int slot = (head + this.size) % CAPACITY;
    arrivalMs[slot] = arrival;
    bytes[slot] = size;
    this.size++;
    sum += size;
    newestMs = Math.max(newestMs, arrival);
    while (this.size > 0 && arrivalMs[head] < newestMs - WINDOW_MS) evictOldest();
  }

  private void evictOldest() {
    sum -= bytes[head];
    head = (head + 1) % CAPACITY;
    size--;
  }

  /** Bits per second, or 0 with fewer than 2 samples or under 100 ms seen. */
  long bps() {
    if (size < 2) return 0;
    double span = Math.max(newestMs - arrivalMs[head], 0);
    if (span < 100) return 0;
    return (long) (sum * 8 * 1000.0 / Math.max(span, Math.min(WINDOW_MS, span)));
  }
}
