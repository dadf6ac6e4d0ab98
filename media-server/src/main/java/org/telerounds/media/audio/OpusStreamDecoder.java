package org.telerounds.media.audio;

/**
 * Turns one RTP stream of Opus payloads into 48 kHz mono 20 ms PCM frames: a {@link JitterBuffer}
 * in front of an Opus decoder (the system libopus when it loads, Concentus otherwise; see
 * {@link OpusLibrary}). A frame whose packet is missing is rebuilt from the next
 * packet's in-band FEC when that packet is already buffered, and otherwise invented by Opus packet
 * loss concealment. Usable on its own (e.g. by transcription). Not thread-safe: one thread offers
 * and pulls; callers on a network thread hand packets over through their own queue. {@link #close}
 * frees the native decoder.
 */
public final class OpusStreamDecoder implements AutoCloseable {
  private final JitterBuffer buffer;
  private final OpusDecoderCore decoder;
  private final short[] pcm = new short[Pcm.FRAME_SAMPLES * 6]; // room for a 120 ms packet
  private long decoded;
  private long concealed;
  private long recovered;
  private long corrupt;

  /**
   * @param jitterFrames frames (20 ms each) buffered before playout starts
   * @param capacityFrames most frames held
   */
  public OpusStreamDecoder(int jitterFrames, int capacityFrames) {
    this(jitterFrames, capacityFrames, OpusLibrary.AUTO);
  }

  public OpusStreamDecoder(int jitterFrames, int capacityFrames, OpusLibrary library) {
    this.buffer = new JitterBuffer(jitterFrames, capacityFrames);
    this.decoder = OpusDecoderCore.create(library);
  }

  /** Takes ownership of one Opus payload with its RTP sequence number. */
  public void offer(int seq, byte[] opusPayload) {
    buffer.offer(seq, opusPayload);
  }

  /** Fills {@code out[0..960)} with the next 20 ms and says where it came from. */
  public FrameSource nextFrame(float[] out) {
    if (!buffer.isPlaying()) {
      byte[] first = buffer.poll();
      if (!buffer.isPlaying()) {
        java.util.Arrays.fill(out, 0, Pcm.FRAME_SAMPLES, 0f);
        return FrameSource.SILENCE;
      }
      return decodeOrConceal(first, out);
    }
    return decodeOrConceal(buffer.poll(), out);
  }

  private FrameSource decodeOrConceal(byte[] payload, float[] out) {
    FrameSource src;
    int n;
    try {
      if (payload != null) {
        n = decoder.decode(payload, payload.length, pcm, pcm.length, false);
        src = FrameSource.DECODED;
        decoded++;
      } else {
        byte[] next = buffer.peekNext();
        if (next != null) {
          n = decoder.decode(next, next.length, pcm, Pcm.FRAME_SAMPLES, true);
          src = FrameSource.FEC;
          recovered++;
        } else {
          n = decoder.decode(null, 0, pcm, Pcm.FRAME_SAMPLES, false);
          src = FrameSource.PLC;
          concealed++;
        }
      }
    } catch (RuntimeException e) {
      corrupt++;
      n = conceal();
      src = FrameSource.PLC;
    }
    if (n != Pcm.FRAME_SAMPLES) { // only 20 ms packets are supported (what browsers send)
      corrupt++;
      n = conceal();
      src = FrameSource.PLC;
    }
    for (int i = 0; i < Pcm.FRAME_SAMPLES; i++) out[i] = Pcm.toFloat(pcm[i]);
    return src;
  }

  private int conceal() {
    try {
      concealed++;
      return decoder.decode(null, 0, pcm, Pcm.FRAME_SAMPLES, false);
    } catch (RuntimeException e) {
      java.util.Arrays.fill(pcm, 0, Pcm.FRAME_SAMPLES, (short) 0);
      return Pcm.FRAME_SAMPLES;
    }
  }

  /** Drops buffered packets and decoder state, e.g. after the stream stopped. */
  public void reset() {
    buffer.reset();
    decoder.reset();
  }

  public boolean isPlaying() { return buffer.isPlaying(); }
  public long decodedFrames() { return decoded; }
  public long concealedFrames() { return concealed; }
  public long fecRecoveredFrames() { return recovered; }
  public long corruptPackets() { return corrupt; }
  public long latePackets() { return buffer.late(); }

  @Override
  public void close() {
    buffer.reset();
    decoder.close();
  }
}
