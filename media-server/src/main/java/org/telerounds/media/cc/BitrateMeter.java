package org.telerounds.media.cc;

/**
 * Bits per second over the last second, in ten 100 ms buckets (no allocation per packet): what a
 * published track brings in, so the server knows what forwarding it to a subscriber costs.
 */
public final class BitrateMeter {
  private static final int BUCKETS = 10;
  private static final long BUCKET_MS = 100;
  private final long[] bytes = new long[BUCKETS];
  private long currentBucket = Long.MIN_VALUE;

  /** {@code n} bytes arrived at {@code nowMs}. */
  public void onBytes(long nowMs, int n) {
    advance(nowMs);
    bytes[(int) Math.floorMod(currentBucket, (long) BUCKETS)] += n;
  }

  /** The rate over the last second ending at {@code nowMs}. */
  public long bps(long nowMs) {
    advance(nowMs);
    long sum = 0;
    for (long b : bytes) sum += b;
    return sum * 8 * 1000 / (BUCKETS * BUCKET_MS);
  }

  private void advance(long nowMs) {
    long bucket = Math.floorDiv(nowMs, BUCKET_MS);
    if (currentBucket == Long.MIN_VALUE || bucket - currentBucket >= BUCKETS) {
      java.util.Arrays.fill(bytes, 0);
    } else {
      for (long k = currentBucket + 1; k <= bucket; k++) bytes[(int) Math.floorMod(k, (long) BUCKETS)] = 0;
    }
    if (bucket > currentBucket) currentBucket = bucket;
  }
}
