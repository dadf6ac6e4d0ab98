package org.telerounds.media.audio;

/**
 * Encodes 48 kHz mono 20 ms PCM frames to Opus payloads (VoIP mode, voice signal, in-band FEC on)
 * for server-made audio tracks: the system libopus when it loads, Concentus otherwise
 * ({@link OpusLibrary}). Not thread-safe. {@link #close} frees the native encoder.
 */
public final class OpusFrameEncoder implements AutoCloseable {
  private final OpusEncoderCore encoder;
  private final short[] pcm = new short[Pcm.FRAME_SAMPLES];
  private final byte[] packet = new byte[1275];

  /**
   * @param bitrateBps target bitrate, e.g. 32000
   * @param complexity 0..10; lower is cheaper
   */
  public OpusFrameEncoder(int bitrateBps, int complexity) {
    this(bitrateBps, complexity, OpusLibrary.AUTO);
  }

  public OpusFrameEncoder(int bitrateBps, int complexity, OpusLibrary library) {
    encoder = OpusEncoderCore.create(library, bitrateBps, complexity);
  }

  /** Encodes {@code frame[0..960)} and returns a new payload array the caller owns. */
  public byte[] encode(float[] frame) {
    for (int i = 0; i < Pcm.FRAME_SAMPLES; i++) pcm[i] = Pcm.toShort(frame[i]);
    int n = encoder.encode(pcm, Pcm.FRAME_SAMPLES, packet);
    return java.util.Arrays.copyOf(packet, n);
  }

  /** The encoder's lookahead in samples at 48 kHz (part of the added latency). */
  public int lookaheadSamples() {
    return encoder.lookaheadSamples();
  }

  @Override
  public void close() {
    encoder.close();
  }
}
