package org.telerounds.media.enhance;

/**
 * Delays a signal by a whole number of samples that may change between frames. A change is
 * cross-faded over one frame (old delay fading out, new fading in) so it does not click.
 */
final class DelayLine {
  private final float[] ring;
  private int write;
  private int delay;

  DelayLine(int maxDelay, int frame) {
    ring = new float[Integer.highestOneBit(maxDelay + frame) * 2];
  }

  /** Writes {@code in[0..n)} into the line and {@code out[0..n)} delayed by {@code newDelay}. */
  void process(float[] in, float[] out, int n, int newDelay) {
    int mask = ring.length - 1;
    int base = write;
    for (int i = 0; i < n; i++) ring[(base + i) & mask] = in[i];
    write = (base + n) & mask;
    int old = delay;
    for (int i = 0; i < n; i++) {
      float now = ring[(base + i - newDelay) & mask];
      if (old == newDelay) {
        out[i] = now;
      } else {
        float w = (i + 0.5f) / n;
        out[i] = w * now + (1 - w) * ring[(base + i - old) & mask];
      }
    }
    delay = newDelay;
  }

  int delay() { return delay; }
}
