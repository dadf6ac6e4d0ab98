package org.telerounds.media.enhance;

import dev.onvoid.webrtc.media.audio.AudioProcessing;
import dev.onvoid.webrtc.media.audio.AudioProcessingConfig;
import dev.onvoid.webrtc.media.audio.AudioProcessingStreamConfig;
import org.telerounds.media.audio.Pcm;

/**
 * WebRTC's AudioProcessing (webrtc-java, native) configured from a preset: high-pass filter,
 * noise suppression at the preset's level, and AGC2 adaptive digital gain (headroom = minus the
 * target level, max gain from the preset, 15 dB initial gain, up to 12 dB/s change, output noise
 * kept under -50 dBFS). Echo cancellation is off: there is no far-end signal at a cart's mics.
 * Processes one 20 ms frame as two 10 ms blocks. Owns one native handle, freed by {@link #close}.
 */
public final class ApmStage implements AutoCloseable {
  /**
   * How far AGC2's speech level estimate lies above the ITU-T P.56 active speech level: measured
   * 16.5 dB on clean corpus speech (gain settled to -headroom - estimate). The headroom is set to
   * {@code -target - PEAK_TO_ACTIVE_DB} so the output's active speech level lands on the target.
   */
  static final double PEAK_TO_ACTIVE_DB = 16.5;

  private final AudioProcessing apm;
  private final AudioProcessingStreamConfig stream = new AudioProcessingStreamConfig(Pcm.SAMPLE_RATE, 1);
  private final byte[] in = new byte[Pcm.HALF_FRAME_SAMPLES * 2];
  private final byte[] out = new byte[Pcm.HALF_FRAME_SAMPLES * 2];
  private boolean disposed;

  public ApmStage(EnhancementPreset preset) {
    AudioProcessingConfig c = new AudioProcessingConfig();
    c.echoCanceller.enabled = false;
    c.highPassFilter.enabled = true;
    c.noiseSuppression.enabled = true;
    c.noiseSuppression.level = AudioProcessingConfig.NoiseSuppression.Level.valueOf(preset.noiseSuppression().name());
    c.gainControl.enabled = true;
    c.gainControl.adaptiveDigital.enabled = true;
    c.gainControl.adaptiveDigital.headroomDb = (float) Math.max(0, -preset.targetLevelDbfs() - PEAK_TO_ACTIVE_DB);
    c.gainControl.adaptiveDigital.maxGainDb = (float) preset.maxGainDb();
    c.gainControl.adaptiveDigital.initialGainDb = (float) Math.min(15, preset.maxGainDb());
    c.gainControl.adaptiveDigital.maxGainChangeDbPerSecond = 12;
    c.gainControl.adaptiveDigital.maxOutputNoiseLevelDbfs = (float) (preset.targetLevelDbfs() - 20);
    c.gainControl.fixedDigital.gainDb = 0;
    apm = new AudioProcessing();
    apm.applyConfig(c);
  }

  /** Processes {@code frame[0..960)} in place. */
  public void process(float[] frame) {
    if (disposed) throw new IllegalStateException("closed");
    for (int h = 0; h < 2; h++) {
      int off = h * Pcm.HALF_FRAME_SAMPLES;
      Pcm.toLe16(frame, off, Pcm.HALF_FRAME_SAMPLES, in);
      int rc = apm.processStream(in, stream, stream, out);
      if (rc != 0) throw new IllegalStateException("AudioProcessing error " + rc);
      Pcm.fromLe16(out, Pcm.HALF_FRAME_SAMPLES, frame, off);
    }
  }

  /** True once the native AudioProcessing was freed. */
  public boolean isDisposed() { return disposed; }

  @Override
  public void close() {
    if (!disposed) {
      disposed = true;
      apm.dispose();
    }
  }
}
