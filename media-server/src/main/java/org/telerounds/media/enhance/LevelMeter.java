package org.telerounds.media.enhance;

import org.telerounds.media.audio.Pcm;

/** Smoothed RMS level of a signal in dBFS, fed one frame at a time (time constant ~300 ms at 20 ms frames). */
final class LevelMeter {
  private double ms;

  void update(float[] x, int n) {
    ms = 0.935 * ms + 0.065 * Pcm.meanSquare(x, 0, n);
  }

  double dbfs() { return Pcm.dbfs(ms); }
}
