package org.telerounds.media.sfu;

/**
 * The last N decrypted packets of one published stream, indexed by sequence number, to answer
 * NACKs. Slots are preallocated and owned by the cache: a put copies in, and readers copy out.
 */
final class PacketCache {
  private static final int SLOT = 1500;
  private final byte[][] data;
  private final int[] length;
  private final int[] seq;
  private final int mask;

  PacketCache(int size) {
    if (Integer.bitCount(size) != 1) throw new IllegalArgumentException("size must be a power of two");
    data = new byte[size][SLOT];
    length = new int[size];
    seq = new int[size];
    java.util.Arrays.fill(seq, -1);
    mask = size - 1;
  }

  void put(int sequenceNumber, byte[] b, int off, int len) {
    if (len > SLOT) return;
    int i = sequenceNumber & mask;
    System.arraycopy(b, off, data[i], 0, len);
    length[i] = len;
    seq[i] = sequenceNumber;
  }

  /** The slot holding {@code sequenceNumber}, or -1 if it was never cached or was overwritten. */
  int find(int sequenceNumber) {
    int i = sequenceNumber & mask;
    return seq[i] == sequenceNumber ? i : -1;
  }

  byte[] data(int slot) { return data[slot]; }
  int length(int slot) { return length[slot]; }
}
