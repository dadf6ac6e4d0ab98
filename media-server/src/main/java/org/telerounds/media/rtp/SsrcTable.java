package org.telerounds.media.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A map from SSRC (an unsigned 32-bit value held in a {@code long}) to a value, with no boxing on
 * lookup: open addressing with linear probing over a {@code long[]} of keys, so finding the track
 * of each packet on the media loop allocates nothing. Not thread-safe: owned by one event loop.
 * Removal uses backward-shift deletion, so there are no tombstones to slow lookups down later.
 */
public final class SsrcTable<V> {
  private static final long EMPTY = -1L; // SSRCs are 0..2^32-1
  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;

  public SsrcTable() {
    this(8);
  }

  public SsrcTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    Arrays.fill(keys, EMPTY);
    values = new Object[cap];
    mask = cap - 1;
  }

  private static int hash(long ssrc) {
    long h = ssrc * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads sequential SSRCs
    return (int) (h ^ (h >>> 32));
  }

  private static long check(long ssrc) {
    if (ssrc < 0 || ssrc > 0xFFFFFFFFL) throw new IllegalArgumentException("not an SSRC: " + ssrc);
    return ssrc;
  }

  @SuppressWarnings("unchecked")
  public V get(long ssrc) {
    if (ssrc < 0) return null;
    int i = hash(ssrc) & mask;
    while (true) {
      long k = keys[i];
      if (k == ssrc) return (V) values[i];
      if (k == EMPTY) return null;
      i = (i + 1) & mask;
    }
  }

  public boolean containsKey(long ssrc) {
    return get(ssrc) != null;
  }

  /** Maps {@code ssrc} to {@code value} (not null); returns the previous value or null. */
  @SuppressWarnings("unchecked")
  public V put(long ssrc, V value) {
    check(ssrc);
    if (value == null) throw new IllegalArgumentException("null value");
    if ((size + 1) * 4 > keys.length * 3) grow();
    int i = hash(ssrc) & mask;
    while (true) {
      long k = keys[i];
      if (k == ssrc) {
        V old = (V) values[i];
        values[i] = value;
        return old;
      }
      if (k == EMPTY) {
        keys[i] = ssrc;
        values[i] = value;
        size++;
        return null;
      }
      i = (i + 1) & mask;
    }
  }

  @SuppressWarnings("unchecked")
  public V remove(long ssrc) {
    if (ssrc < 0) return null;
    int i = hash(ssrc) & mask;
    while (keys[i] != ssrc) {
      if (keys[i] == EMPTY) return null;
      i = (i + 1) & mask;
    }
    V old = (V) values[i];
    // backward-shift: move later entries of the probe run into the hole
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (keys[j] == EMPTY) break;
      int home = hash(keys[j]) & mask;
      boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
      if (!between) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = EMPTY;
    values[hole] = null;
    size--;
    return old;
  }

  /** Removes every SSRC mapped to {@code value} (a track that went away). */
  public void removeValue(V value) {
    for (long k : ssrcs()) {
      if (get(k) == value) remove(k);
    }
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The SSRCs, in no order (a copy). */
  public long[] ssrcs() {
    long[] out = new long[size];
    int n = 0;
    for (long k : keys) if (k != EMPTY) out[n++] = k;
    return out;
  }

  /** The values, in no order (a copy). */
  @SuppressWarnings("unchecked")
  public List<V> values() {
    List<V> out = new ArrayList<>(size);
    for (int i = 0; i < keys.length; i++) if (keys[i] != EMPTY) out.add((V) values[i]);
    return out;
  }

  public void clear() {
    Arrays.fill(keys, EMPTY);
    Arrays.fill(values, null);
    size = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new Object[keys.length];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }
}
