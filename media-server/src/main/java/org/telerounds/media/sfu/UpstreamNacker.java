package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds gaps in a publisher's video sequence numbers and decides which to NACK upstream, and when:
 * at once on detection, then every {@code retryMillis} up to {@code maxTries} times, until the
 * packet (or its RTX copy) arrives. Without this a packet lost between cart and server is lost for
 * every subscriber. Runs on the media event loop; time comes from the caller's clock.
 */
final class UpstreamNacker {
  static final int MAX_MISSING = 256;
  static final int MAX_GAP = 1000;
  private final int maxTries;
  private final long retryMillis;
  private final Map<Integer, long[]> missing = new LinkedHashMap<>(); // seq -> {lastSentMillis, tries}
  private long highest = -1; // unwrapped

  UpstreamNacker(int maxTries, long retryMillis) {
    this.maxTries = maxTries;
    this.retryMillis = retryMillis;
  }

  /** Records an arriving sequence number; returns true if it fills a gap (a late or RTX packet). */
  boolean onPacket(int seq) {
    if (highest < 0) {
      highest = seq;
      return false;
    }
    long unwrapped = unwrap(seq);
    if (unwrapped <= highest) {
      return missing.remove(seq) != null;
    }
    long gap = unwrapped - highest - 1;
    if (gap > MAX_GAP) {
      missing.clear(); // a restart or a long outage: start over rather than NACK a flood
    } else {
      for (long s = highest + 1; s < unwrapped; s++) {
        if (missing.size() >= MAX_MISSING) missing.remove(missing.keySet().iterator().next());
        missing.put((int) (s & 0xFFFF), new long[] {Long.MIN_VALUE / 2, 0});
      }
    }
    highest = unwrapped;
    return false;
  }

  /** Sequence numbers to NACK now; each call counts as a try for those returned. */
  List<Integer> due(long nowMillis) {
    List<Integer> out = new ArrayList<>();
    for (Iterator<Map.Entry<Integer, long[]>> it = missing.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, long[]> e = it.next();
      long[] state = e.getValue();
      if (state[1] >= maxTries) {
        it.remove();
      } else if (nowMillis - state[0] >= retryMillis) {
        state[0] = nowMillis;
        state[1]++;
        out.add(e.getKey());
      }
    }
    return out;
  }

  int missingCount() { return missing.size(); }

  private long unwrap(int seq) {
    long base = highest & ~0xFFFFL;
    long candidate = base | seq;
    if (candidate < highest - 0x8000) candidate += 0x10000;
    else if (candidate > highest + 0x8000) candidate -= 0x10000;
    return candidate;
  }
}
