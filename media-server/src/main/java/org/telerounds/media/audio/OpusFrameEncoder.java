package org.telerounds.media.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Encodes 48 kHz mono 20 ms PCM frames to Opus payloads (Concentus, VoIP mode, voice signal,
 * in-band FEC on) for server-made audio tracks. Not thread-safe.
 */
public final class OpusFrameEncoder implements AutoCloseable {
  private final OpusEncoder encoder;
  private final short[] pcm = new short[Pcm.FRAME_SAMPLES];
  private final byte[] packet = new byte[1275];

  /**
   * @param bitrateBps target bitrate, e.g. 32000
   * @param complexity 0..10; lower is cheaper
   */
  public OpusFrameEncoder(int bitrateBps, int complexity) {
    try {
      encoder = new OpusEncoder(Pcm.SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
    } catch (OpusException e) {
      throw new IllegalStateException("Opus encoder: " + e.getMessage(), e);
    }
    encoder.setBitrate(bitrateBps);
    encoder.setComplexity(complexity);
    encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
    encoder.setUseInbandFEC(true);
    encoder.setPacketLossPercent(5);
  }

  /** Encodes {@code frame[0..960)} and returns a new payload array the caller owns. */
  public byte[] encode(float[] frame) {
    for (int i = 0; i < Pcm.FRAME_SAMPLES; i++) pcm[i] = Pcm.toShort(frame[i]);
    try {
      int n = encoder.encode(pcm, 0, Pcm.FRAME_SAMPLES, packet, 0, packet.length);
      return java.util.Arrays.copyOf(packet, n);
    } catch (OpusException e) {
      throw new IllegalStateException("Opus encode failed: " + e.getMessage(), e);
    }
  }

  /** The encoder's lookahead in samples at 48 kHz (part of the added latency). */
  public int lookaheadSamples() {
    return encoder.getLookahead();
  }

  @Override
  public void close() {}
}
