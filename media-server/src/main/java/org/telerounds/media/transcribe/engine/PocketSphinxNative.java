package org.telerounds.media.transcribe.engine;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * JNA mapping of the part of the PocketSphinx 5prealpha C API we use ({@code pocketsphinx.h}), plus
 * {@code cmd_ln_init}/{@code cmd_ln_free_r} from sphinxbase, which {@code libpocketsphinx.so.3}
 * links and exposes to {@code dlsym}. {@code size_t} is mapped to {@code long} (LP64 Linux only).
 */
interface PocketSphinxNative extends Library {
  Pointer ps_args();

  /** Varargs of {@code String} name/value pairs, terminated by {@code null}. */
  Pointer cmd_ln_init(Pointer inoutCmdln, Pointer defn, int strict, Object... args);

  int cmd_ln_free_r(Pointer cmdln);

  Pointer ps_init(Pointer config);

  int ps_free(Pointer ps);

  int ps_start_stream(Pointer ps);

  int ps_start_utt(Pointer ps);

  int ps_process_raw(Pointer ps, short[] data, long nSamples, int noSearch, int fullUtt);

  int ps_end_utt(Pointer ps);

  String ps_get_hyp(Pointer ps, IntByReference outBestScore);

  Pointer ps_seg_iter(Pointer ps);

  Pointer ps_seg_next(Pointer seg);

  String ps_seg_word(Pointer seg);

  void ps_seg_frames(Pointer seg, IntByReference outSf, IntByReference outEf);

  void ps_seg_free(Pointer seg);
}
