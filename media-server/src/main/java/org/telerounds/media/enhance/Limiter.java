package org.telerounds.media.enhance;

/**
 * A peak limiter without lookahead (so it adds no latency): a sample over the threshold sets the
 * gain at once to bring it to the threshold (instant attack), and the gain recovers towards 1 with
 * a {@code releaseMs} time constant. Keeps the enhanced voice from clipping after gain.
 */
public final class Limiter {
  private final float threshold;
  private final float release;
  private float gain = 1f;

  public Limiter(double thresholdDbfs, double releaseMs, int sampleRate) {
    this.threshold = (float) Math.pow(10, thresholdDbfs / 20);
    this.release = (float) Math.exp(-1000.0 / (releaseMs * sampleRate));
  }

  /** Limits {@code x[0..n)} in place. */
  public void process(float[] x, int n) {
    for (int i = 0; i < n; i++) {
      gain = 1f - (1f - gain) * release;
      float a = Math.abs(x[i]) * gain;
      if (a > threshold) gain = threshold / Math.abs(x[i]);
      x[i] *= gain;
    }
  }

  /** Current gain, 0..1. */
  public float gain() { return gain; }
}
