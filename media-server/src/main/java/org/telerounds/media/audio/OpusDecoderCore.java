package org.telerounds.media.audio;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * One 48 kHz mono Opus decoder state, native libopus or Concentus (see {@link OpusLibrary}).
 * Errors surface as {@link IllegalStateException}. The native state is freed by {@link #close}.
 */
abstract class OpusDecoderCore implements AutoCloseable {
  /**
   * Decodes {@code payload[0..len)} (null: conceal a lost frame) into {@code pcm}; with
   * {@code fec} the frame before {@code payload} is rebuilt from its in-band FEC. Returns samples.
   */
  abstract int decode(byte[] payload, int len, short[] pcm, int frameSize, boolean fec);

  abstract void reset();

  @Override
  public abstract void close();

  static OpusDecoderCore create(OpusLibrary library) {
    return library.usesNative() ? new Native(LibOpus.get()) : new Java();
  }

  private static final class Native extends OpusDecoderCore {
    private final LibOpus lib;
    private Pointer st;

    Native(LibOpus lib) {
      this.lib = lib;
      IntByReference err = new IntByReference();
      st = lib.opus_decoder_create(Pcm.SAMPLE_RATE, 1, err);
      if (st == null || err.getValue() != 0) throw new IllegalStateException("opus_decoder_create: " + err.getValue());
    }

    @Override
    int decode(byte[] payload, int len, short[] pcm, int frameSize, boolean fec) {
      if (st == null) throw new IllegalStateException("closed");
      int n = lib.opus_decode(st, payload, payload == null ? 0 : len, pcm, frameSize, fec ? 1 : 0);
      if (n < 0) throw new IllegalStateException("opus_decode: " + n);
      return n;
    }

    @Override
    void reset() {
      if (st != null) lib.opus_decoder_ctl(st, LibOpus.OPUS_RESET_STATE);
    }

    @Override
    public void close() {
      if (st != null) {
        lib.opus_decoder_destroy(st);
        st = null;
      }
    }
  }

  private static final class Java extends OpusDecoderCore {
    private final OpusDecoder decoder;

    Java() {
      try {
        decoder = new OpusDecoder(Pcm.SAMPLE_RATE, 1);
      } catch (OpusException e) {
        throw new IllegalStateException("Opus decoder: " + e.getMessage(), e);
      }
    }

    @Override
    int decode(byte[] payload, int len, short[] pcm, int frameSize, boolean fec) {
      try {
        return decoder.decode(payload, 0, payload == null ? 0 : len, pcm, 0, frameSize, fec);
      } catch (OpusException e) {
        throw new IllegalStateException("Opus decode: " + e.getMessage(), e);
      }
    }

    @Override
    void reset() { decoder.resetState(); }

    @Override
    public void close() {}
  }
}
