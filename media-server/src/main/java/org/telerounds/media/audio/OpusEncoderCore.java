package org.telerounds.media.audio;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * One 48 kHz mono Opus encoder state (VoIP mode, voice signal, in-band FEC for 5% loss), native
 * libopus or Concentus (see {@link OpusLibrary}). The native state is freed by {@link #close}.
 */
abstract class OpusEncoderCore implements AutoCloseable {
  /** Encodes {@code pcm[0..frameSize)} into {@code out}; returns the payload length. */
  abstract int encode(short[] pcm, int frameSize, byte[] out);

  abstract int lookaheadSamples();

  @Override
  public abstract void close();

  static OpusEncoderCore create(OpusLibrary library, int bitrateBps, int complexity) {
    return library.usesNative() ? new Native(LibOpus.get(), bitrateBps, complexity) : new Java(bitrateBps, complexity);
  }

  private static final class Native extends OpusEncoderCore {
    private final LibOpus lib;
    private Pointer st;

    Native(LibOpus lib, int bitrateBps, int complexity) {
      this.lib = lib;
      IntByReference err = new IntByReference();
      st = lib.opus_encoder_create(Pcm.SAMPLE_RATE, 1, LibOpus.OPUS_APPLICATION_VOIP, err);
      if (st == null || err.getValue() != 0) throw new IllegalStateException("opus_encoder_create: " + err.getValue());
      ctl(LibOpus.OPUS_SET_BITRATE, bitrateBps);
      ctl(LibOpus.OPUS_SET_COMPLEXITY, complexity);
      ctl(LibOpus.OPUS_SET_SIGNAL, LibOpus.OPUS_SIGNAL_VOICE);
      ctl(LibOpus.OPUS_SET_INBAND_FEC, 1);
      ctl(LibOpus.OPUS_SET_PACKET_LOSS_PERC, 5);
    }

    private void ctl(int request, int value) {
      int rc = lib.opus_encoder_ctl(st, request, value);
      if (rc != 0) {
        close();
        throw new IllegalStateException("opus_encoder_ctl " + request + ": " + rc);
      }
    }

    @Override
    int encode(short[] pcm, int frameSize, byte[] out) {
      if (st == null) throw new IllegalStateException("closed");
      int n = lib.opus_encode(st, pcm, frameSize, out, out.length);
      if (n < 0) throw new IllegalStateException("opus_encode: " + n);
      return n;
    }

    @Override
    int lookaheadSamples() {
      IntByReference v = new IntByReference();
      lib.opus_encoder_ctl(st, LibOpus.OPUS_GET_LOOKAHEAD, v);
      return v.getValue();
    }

    @Override
    public void close() {
      if (st != null) {
        lib.opus_encoder_destroy(st);
        st = null;
      }
    }
  }

  private static final class Java extends OpusEncoderCore {
    private final OpusEncoder encoder;

    Java(int bitrateBps, int complexity) {
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

    @Override
    int encode(short[] pcm, int frameSize, byte[] out) {
      try {
        return encoder.encode(pcm, 0, frameSize, out, 0, out.length);
      } catch (OpusException e) {
        throw new IllegalStateException("Opus encode failed: " + e.getMessage(), e);
      }
    }

    @Override
    int lookaheadSamples() { return encoder.getLookahead(); }

    @Override
    public void close() {}
  }
}
