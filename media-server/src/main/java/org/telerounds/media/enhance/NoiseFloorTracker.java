package org.telerounds.media.enhance;

/**
 * Follows the noise power of one microphone frame by frame: it drops at once to a quieter frame
 * and otherwise rises slowly ({@code riseDbPerSecond}), so speech bursts barely move it while a
 * louder fan is picked up within seconds (a simple minimum-statistics tracker).
 */
final class NoiseFloorTracker {
  private final double risePerFrame;
  private double floor = -1;

  NoiseFloorTracker(double riseDbPerSecond, double frameSeconds) {
    this.risePerFrame = Math.pow(10, riseDbPerSecond * frameSeconds / 10);
  }

  /** Feeds one frame's mean square and returns the noise power estimate. */
  double update(double meanSquare) {
    double p = Math.max(meanSquare, 1e-12);
    if (floor < 0 || p < floor) {
      floor = p;
    } else {
      floor = Math.min(p, floor * risePerFrame);
    }
    return floor;
  }

  double floor() { return Math.max(floor, 1e-12); }
}
