package org.telerounds.media.enhance;

/**
 * Combines the time-aligned patient and room microphones by maximal-ratio combining, with weights
 * re-estimated every frame. Model: {@code p = s + n_p}, {@code r = g*s + n_r}, with independent
 * noises of power {@code N_p}, {@code N_r} (from {@link NoiseFloorTracker}s) and {@code g} the
 * room mic's speech gain relative to the patient mic (tracked as the smoothed ratio of cross-power
 * to patient power on frames where the patient mic is at least 6 dB above its noise floor). The
 * output {@code y = (p/N_p + g*r/N_r) / (1/N_p + g^2/N_r)} keeps the speech at the patient mic's
 * level and minimises the noise power. The weights are smoothed between frames, and a room mic
 * that is absent, nearly speech-free ({@code g} small) or more than 6 dB worse in SNR than the
 * patient mic gets no weight: the combiner then selects the patient mic.
 */
final class MicCombiner {
  private static final double FRAME_S = 0.02;
  private final NoiseFloorTracker floorP = new NoiseFloorTracker(3, FRAME_S);
  private final NoiseFloorTracker floorR = new NoiseFloorTracker(3, FRAME_S);
  private double gain = 0;       // tracked speech gain of the room mic
  private double roomWeight = 0; // smoothed weight of the room mic in the output
  private double patientWeight = 1;

  /** Writes the combination of {@code p} and {@code r} (null: no usable room mic) to {@code out}. */
  void combine(float[] p, float[] r, float[] out, int n) {
    double pp = 0, rr = 0, pr = 0;
    for (int i = 0; i < n; i++) {
      pp += (double) p[i] * p[i];
      if (r != null) { rr += (double) r[i] * r[i]; pr += (double) p[i] * r[i]; }
    }
    pp /= n; rr /= n; pr /= n;
    double np = floorP.update(pp);
    double targetP = 1, targetR = 0;
    if (r != null) {
      double nr = floorR.update(rr);
      if (pp > 4 * np) { // patient mic shows speech: learn how strongly the room mic hears it
        double g = Math.max(0, pr / pp);
        gain = gain == 0 ? g : 0.9 * gain + 0.1 * g;
      }
      double g = Math.min(gain, 4);
      // the room mic only joins when its SNR is within 6 dB of the patient mic's: below that MRC
      // gains under 1 dB while weight and gain estimation errors cost more
      if (g > 0.05 && (g * g / nr) >= 0.25 * (1 / np)) {
        double den = 1 / np + g * g / nr;
        targetP = (1 / np) / den;
        targetR = (g / nr) / den;
      }
    }
    double sp = patientWeight, sr = roomWeight;
    patientWeight = 0.7 * patientWeight + 0.3 * targetP;
    roomWeight = 0.7 * roomWeight + 0.3 * targetR;
    for (int i = 0; i < n; i++) { // ramp the weights across the frame
      double w = (i + 1.0) / n;
      double a = sp + (patientWeight - sp) * w;
      double b = sr + (roomWeight - sr) * w;
      out[i] = (float) (a * p[i] + (r == null ? 0 : b * r[i]));
    }
  }

  /** Current weight of the room mic (0 = patient mic only). */
  double roomWeight() { return roomWeight; }
}
