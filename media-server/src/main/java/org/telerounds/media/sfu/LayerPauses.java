package org.telerounds.media.sfu;

/**
 * Which simulcast layers of one track the publisher should send: the ones some subscriber's leg
 * aims at or forwards (and the top one while a recorder listens), and a layer no one has needed
 * for {@code holdMs} is paused at the publisher, saving the cart's uplink and encoder. A layer
 * needed again is active again at once. At least one layer always stays active (the lowest needed,
 * or the lowest), so a subscriber who joins finds video flowing. While a layer is paused its last
 * measured bitrate stands in for its real one ({@link #bitrateBps}), so a leg can still choose it
 * (and so resume it); a layer is therefore paused only once it has been seen sending. Pure logic on the caller's clock; one per simulcast track, on the media loop.
 */
final class LayerPauses {
  private final long holdMs;
  private final long[] lastUsedMs;
  private final long[] rememberedBps;
  private int active;

  /** {@code layers} layers, all active; each first counts as used at {@code nowMs}. */
  LayerPauses(int layers, long holdMs, long nowMs) {
    if (layers < 1 || layers > 30) throw new IllegalArgumentException("layers: " + layers);
    this.holdMs = holdMs;
    this.lastUsedMs = new long[layers];
    this.rememberedBps = new long[layers];
    java.util.Arrays.fill(lastUsedMs, nowMs);
    this.active = (1 << layers) - 1;
  }

  /** Bit {@code i} set: layer {@code i} is active (the publisher should send it). */
  int activeMask() { return active; }

  boolean active(int layer) { return (active >>> layer & 1) != 0; }

  /**
   * What the layers need now ({@code neededMask}: bit {@code i} for layer {@code i}) and what they
   * send ({@code measuredBps}); returns the new active mask when it changed, else -1.
   */
  int update(int neededMask, long[] measuredBps, long nowMs) {
    int layers = lastUsedMs.length;
    int all = (1 << layers) - 1;
    neededMask &= all;
    for (int i = 0; i < layers; i++) {
      if ((neededMask >>> i & 1) != 0) lastUsedMs[i] = nowMs;
      if (active(i) && measuredBps[i] > 0) rememberedBps[i] = measuredBps[i];
    }
    int next = 0;
    for (int i = 0; i < layers; i++) {
      // a layer that never sent stays active: its bitrate unknown, a paused one could not be offered
      if (nowMs - lastUsedMs[i] < holdMs || rememberedBps[i] == 0) next |= 1 << i;
    }
    if (next == 0) next = Integer.lowestOneBit(neededMask != 0 ? neededMask : 1);
    if (next == active) return -1;
    active = next;
    return next;
  }

  /**
   * The bitrate a leg's choice should see for {@code layer}: what it sends, or, while paused here,
   * what it sent before (so it can be chosen, and resumed); 0 for a layer that never sent.
   */
  long bitrateBps(int layer, long measuredBps) {
    if (measuredBps > 0 || active(layer)) return measuredBps;
    return rememberedBps[layer];
  }
}
