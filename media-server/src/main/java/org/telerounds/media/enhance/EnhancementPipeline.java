package org.telerounds.media.enhance;

import org.telerounds.media.audio.Pcm;

/**
 * The enhancement itself, on 48 kHz mono 20 ms frames (960 samples), shared by the live
 * {@link CartEnhancer} and the offline {@link EnhanceCommand}:
 * <ol>
 *   <li>{@link DelayEstimator} (GCC-PHAT) tracks how much later the room mic hears the speech;</li>
 *   <li>two {@link DelayLine}s delay whichever mic is earlier so both line up;</li>
 *   <li>{@link MicCombiner} mixes them by per-frame maximal-ratio (SNR) weights;</li>
 *   <li>{@link AlarmToneNotch} notches the configured monitor-alarm tones while they sound;</li>
 *   <li>{@link ApmStage}: WebRTC high-pass filter, noise suppression and adaptive digital gain;</li>
 *   <li>{@link Limiter} at -1 dBFS.</li>
 * </ol>
 * With the room mic absent ({@code room == null}) the patient mic goes straight to step 4. When
 * disabled, or with the {@code none} preset, the patient mic passes through untouched. The added
 * latency is the alignment delay on the earlier mic (at most {@code maxDelayMs}) plus whatever
 * AudioProcessing adds internally. Not thread-safe; owns the APM native handle until
 * {@link #close}.
 */
public final class EnhancementPipeline implements AutoCloseable {
  private static final int N = Pcm.FRAME_SAMPLES;
  private final EnhancementPreset preset;
  private final DelayEstimator delay;
  private final int maxDelay;
  private final DelayLine lineP;
  private final DelayLine lineR;
  private final MicCombiner combiner = new MicCombiner();
  private final AlarmToneNotch notch;
  private final ApmStage apm;
  private final Limiter limiter = new Limiter(-1, 80, Pcm.SAMPLE_RATE);
  private final LevelMeter inP = new LevelMeter(), inR = new LevelMeter(), outL = new LevelMeter();
  private final float[] alignedP = new float[N], alignedR = new float[N];
  private volatile boolean enabled = true;
  private boolean roomSeen;

  /**
   * @param preset noise suppression, target level and max gain
   * @param maxDelayMs largest mic-to-mic delay tracked (both ways), e.g. 10
   */
  public EnhancementPipeline(EnhancementPreset preset, double maxDelayMs) {
    this(preset, maxDelayMs, new double[0]);
  }

  /**
   * @param preset noise suppression, target level and max gain
   * @param maxDelayMs largest mic-to-mic delay tracked (both ways), e.g. 10
   * @param alarmTonesHz the ward's monitor alarm tones, notched while they sound (may be empty)
   */
  public EnhancementPipeline(EnhancementPreset preset, double maxDelayMs, double[] alarmTonesHz) {
    this.preset = preset;
    this.notch = new AlarmToneNotch(alarmTonesHz, Pcm.SAMPLE_RATE);
    this.maxDelay = (int) Math.round(maxDelayMs * Pcm.SAMPLE_RATE / 1000);
    this.delay = new DelayEstimator(maxDelay, 4, 0.8);
    this.lineP = new DelayLine(maxDelay, N);
    this.lineR = new DelayLine(maxDelay, N);
    this.apm = preset.bypass() ? null : new ApmStage(preset);
  }

  /** Switches enhancement on or off; off passes the patient mic through. Any thread. */
  public void setEnabled(boolean on) { enabled = on; }

  public boolean isEnabled() { return enabled && apm != null; }

  /**
   * Processes one 20 ms frame. {@code patient} and {@code out} have 960 samples; {@code room} is
   * 960 samples or null when there is no usable room mic. {@code out} may be {@code patient}.
   */
  public void process(float[] patient, float[] room, float[] out) {
    inP.update(patient, N);
    if (room != null) inR.update(room, N);
    if (!isEnabled()) {
      if (out != patient) System.arraycopy(patient, 0, out, 0, N);
      outL.update(out, N);
      return;
    }
    if (room != null) {
      roomSeen = true;
      delay.push(patient, room, N);
      // the held delay moves only on a confirmed change, so estimation jitter does not keep
      // cross-fading between neighbouring delays
      int d = (int) Math.round(delay.heldDelaySamples());
      lineP.process(patient, alignedP, N, Math.max(d, 0));
      lineR.process(room, alignedR, N, Math.max(-d, 0));
      combiner.combine(alignedP, alignedR, out, N);
    } else {
      lineP.process(patient, alignedP, N, roomSeen ? lineP.delay() : 0);
      combiner.combine(alignedP, null, out, N);
    }
    notch.process(out, N);
    apm.process(out);
    limiter.process(out, N);
    outL.update(out, N);
  }

  /** Convenience for offline use: returns a new output frame. */
  public float[] process(float[] patient, float[] room) {
    float[] out = new float[N];
    process(patient, room, out);
    return out;
  }

  /** Levels and state for display; contains no audio. */
  public EnhancementLevels levels() {
    return new EnhancementLevels(inP.dbfs(), inR.dbfs(), outL.dbfs(),
        delay.delaySamples() * 1000.0 / Pcm.SAMPLE_RATE, combiner.roomWeight(), isEnabled());
  }

  /** Current tracked room-mic delay in ms (positive: room lags). */
  public double micDelayMs() { return delay.delaySamples() * 1000.0 / Pcm.SAMPLE_RATE; }

  /** Samples the patient mic is delayed by for alignment right now. */
  public int alignmentDelaySamples() { return lineP.delay(); }

  /** Largest alignment delay the pipeline may add, in samples. */
  public int maxAlignmentDelaySamples() { return maxDelay; }

  public EnhancementPreset preset() { return preset; }

  /** True once the native AudioProcessing was freed (or never made, for {@code none}). */
  public boolean isClosed() { return apm == null || apm.isDisposed(); }

  @Override
  public void close() {
    if (apm != null) apm.close();
  }
}
