package org.telerounds.media.transcribe.engine;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import org.telerounds.media.transcribe.Word;

/**
 * One native PocketSphinx decoder ({@code ps_decoder_t}) and its config; {@link #close} calls
 * {@code ps_free} and {@code cmd_ln_free_r} exactly once. Frame rate is the model default, 100
 * frames/s, so a frame is 10 ms.
 */
final class PocketSphinxDecoder implements EngineDecoder {
  private static final int FRAME_MILLIS = 10;
  private final PocketSphinxNative lib;
  private final Runnable onFree;
  private Pointer config;
  private Pointer ps;
  private boolean inUtterance;

  PocketSphinxDecoder(PocketSphinxNative lib, Pointer config, Pointer ps, Runnable onFree) {
    this.lib = lib;
    this.config = config;
    this.ps = ps;
    this.onFree = onFree;
  }

  @Override
  public void startUtterance() {
    // Segment times count from the start of the stream, not of the utterance: restart the stream so
    // word times are relative to this utterance (the recognizer's channel statistics are kept).
    check(lib.ps_start_stream(live()), "ps_start_stream");
    check(lib.ps_start_utt(live()), "ps_start_utt");
    inUtterance = true;
  }

  @Override
  public void accept(short[] pcm16k, int off, int len) {
    short[] data = pcm16k;
    if (off != 0) {
      data = new short[len];
      System.arraycopy(pcm16k, off, data, 0, len);
    }
    check(lib.ps_process_raw(live(), data, len, 0, 0), "ps_process_raw");
  }

  @Override
  public String partial() {
    String hyp = lib.ps_get_hyp(live(), null);
    return hyp == null ? "" : hyp.trim();
  }

  @Override
  public Hypothesis endUtterance() {
    check(lib.ps_end_utt(live()), "ps_end_utt");
    inUtterance = false;
    String text = lib.ps_get_hyp(ps, null);
    if (text == null || text.isBlank()) {
      return Hypothesis.EMPTY;
    }
    List<Word> words = new ArrayList<>();
    IntByReference sf = new IntByReference();
    IntByReference ef = new IntByReference();
    for (Pointer seg = lib.ps_seg_iter(ps); seg != null; seg = lib.ps_seg_next(seg)) {
      String w = lib.ps_seg_word(seg);
      if (w == null || w.startsWith("<") || w.startsWith("[")) {
        continue; // <s>, </s>, <sil>, [NOISE] are fillers
      }
      int alt = w.indexOf('(');
      if (alt > 0) {
        w = w.substring(0, alt); // "the(2)": alternate pronunciation
      }
      lib.ps_seg_frames(seg, sf, ef);
      words.add(new Word(w, (long) sf.getValue() * FRAME_MILLIS, (long) (ef.getValue() + 1) * FRAME_MILLIS, Double.NaN));
    }
    return new Hypothesis(text.trim(), words);
  }

  private Pointer live() {
    if (ps == null) {
      throw new IllegalStateException("decoder is closed");
    }
    return ps;
  }

  private static void check(int rc, String call) {
    if (rc < 0) {
      throw new IllegalStateException(call + " failed: " + rc);
    }
  }

  @Override
  public void close() {
    if (ps == null) {
      return;
    }
    if (inUtterance) {
      lib.ps_end_utt(ps);
    }
    lib.ps_free(ps);
    lib.cmd_ln_free_r(config);
    ps = null;
    config = null;
    onFree.run();
  }
}
