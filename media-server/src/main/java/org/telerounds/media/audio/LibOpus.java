package org.telerounds.media.audio;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.slf4j.LoggerFactory;

/**
 * JNA mapping of the part of the libopus C API ({@code opus.h}) the server uses, loaded from the
 * system's {@code libopus.so.0} (Debian {@code libopus0}). {@link #get} loads it once and returns
 * null when it is missing; the codecs then fall back to Concentus (pure Java), and one log line
 * says which implementation is in use.
 */
interface LibOpus extends Library {
  int OPUS_APPLICATION_VOIP = 2048;
  int OPUS_SET_BITRATE = 4002;
  int OPUS_SET_COMPLEXITY = 4010;
  int OPUS_SET_INBAND_FEC = 4012;
  int OPUS_SET_PACKET_LOSS_PERC = 4014;
  int OPUS_SET_SIGNAL = 4024;
  int OPUS_GET_LOOKAHEAD = 4027;
  int OPUS_RESET_STATE = 4028;
  int OPUS_SIGNAL_VOICE = 3001;

  Pointer opus_encoder_create(int fs, int channels, int application, IntByReference error);

  int opus_encode(Pointer st, short[] pcm, int frameSize, byte[] data, int maxDataBytes);

  int opus_encoder_ctl(Pointer st, int request, Object... args);

  void opus_encoder_destroy(Pointer st);

  Pointer opus_decoder_create(int fs, int channels, IntByReference error);

  int opus_decode(Pointer st, byte[] data, int len, short[] pcm, int frameSize, int decodeFec);

  int opus_decoder_ctl(Pointer st, int request, Object... args);

  void opus_decoder_destroy(Pointer st);

  String opus_get_version_string();

  /** The loaded library, or null when no system libopus can be loaded. */
  static LibOpus get() {
    return Holder.LIB;
  }

  /** Loads once, on first use, and logs the outcome once. */
  final class Holder {
    static final LibOpus LIB = load();

    private Holder() {}

    private static LibOpus load() {
      var log = LoggerFactory.getLogger("media.audio");
      Throwable last = null;
      for (String name : new String[] {"opus", "libopus.so.0"}) {
        try {
          LibOpus lib = Native.load(name, LibOpus.class);
          log.info("Opus: native {} (system libopus)", lib.opus_get_version_string());
          return lib;
        } catch (Throwable t) { // UnsatisfiedLinkError, or JNA itself unavailable
          last = t;
        }
      }
      log.info("Opus: system libopus not found ({}); using Concentus (pure Java, about 3x the CPU)",
          last == null ? "?" : last.getMessage());
      return null;
    }
  }
}
