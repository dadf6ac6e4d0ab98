package org.telerounds.media.transcribe;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.transcribe.engine.EngineDecoder;
import org.telerounds.media.transcribe.engine.Hypothesis;

/**
 * The per-speaker core shared by the live feed and the offline command: 16 kHz PCM in 10 ms frames
 * through the {@link VoiceActivitySegmenter} into one {@link EngineDecoder}, with partial
 * hypotheses every {@code partialIntervalFrames} of speech and a final at each utterance end. Times
 * go onto the round's clock; latency and real-time factor go to {@link TranscriptionMetrics}. Runs
 * on one thread at a time; owns the decoder and closes it.
 */
public final class SpeakerPipeline implements AutoCloseable, VoiceActivitySegmenter.Sink {
  private static final Logger LOG = LoggerFactory.getLogger("media.transcribe");
  private final Speaker speaker;
  private final EngineDecoder decoder;
  private final VoiceActivitySegmenter vad;
  private final int partialIntervalFrames;
  private final CaptionListener listener;
  private final TranscriptionMetrics metrics;
  private final Clock clock;
  private final RoundClockMap times = new RoundClockMap();
  private final short[] frame = new short[VoiceActivitySegmenter.FRAME];
  private int frameFill;
  private long samplesIn;
  private boolean allowPartials = true;
  private long utterance;
  private long uttFirst;
  private long uttSamples;
  private long uttNanos;
  private long totalNanos;
  private long totalSpeechSamples;
  private int framesSincePartial;
  private String lastPartial = "";
  private boolean partialEmitted;
  private boolean closed;

  public SpeakerPipeline(Speaker speaker, EngineDecoder decoder, VoiceActivitySegmenter vad,
      int partialIntervalFrames, CaptionListener listener, TranscriptionMetrics metrics, Clock clock) {
    this.speaker = speaker;
    this.decoder = decoder;
    this.vad = vad;
    this.partialIntervalFrames = partialIntervalFrames;
    this.listener = listener;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Feeds 16 kHz mono PCM whose first sample is at {@code roundMillis} on the round's clock and
   * was received at {@code arrivalMillis} on the injected clock. {@code allowPartials} false skips
   * (and counts) partial hypotheses due in this chunk: the overload rule.
   */
  public void process(short[] pcm16k, int off, int len, long roundMillis, long arrivalMillis,
      boolean allowPartials) {
    this.allowPartials = allowPartials;
    times.anchor(samplesIn + frameFill, roundMillis, arrivalMillis);
    for (int i = 0; i < len; ) {
      int n = Math.min(len - i, frame.length - frameFill);
      System.arraycopy(pcm16k, off + i, frame, frameFill, n);
      frameFill += n;
      i += n;
      if (frameFill == frame.length) {
        frameFill = 0;
        samplesIn += frame.length;
        vad.process(frame, 0, this);
      }
    }
    times.pruneBefore(vad.inSpeech() ? uttFirst : samplesIn - 16_000);
  }

  /** Ends an open utterance now, emitting its final. */
  public void flush() {
    vad.flush(this);
  }

  @Override
  public void speechStart(long firstSample, short[] preRoll, int preRollLen) {
    utterance++;
    uttFirst = firstSample;
    uttSamples = 0;
    uttNanos = 0;
    framesSincePartial = 0;
    lastPartial = "";
    partialEmitted = false;
    long t0 = System.nanoTime();
    decoder.startUtterance();
    if (preRollLen > 0) {
      decoder.accept(preRoll, 0, preRollLen);
    }
    uttSamples += preRollLen;
    uttNanos += System.nanoTime() - t0;
  }

  @Override
  public void speech(short[] f, int off) {
    long t0 = System.nanoTime();
    decoder.accept(f, off, VoiceActivitySegmenter.FRAME);
    uttSamples += VoiceActivitySegmenter.FRAME;
    if (++framesSincePartial >= partialIntervalFrames) {
      framesSincePartial = 0;
      if (allowPartials) {
        String text = decoder.partial();
        if (!text.isEmpty() && !text.equals(lastPartial)) {
          lastPartial = text;
          long end = uttFirst + uttSamples;
          emit(new Caption(speaker, Caption.Kind.PARTIAL, utterance, text, times.roundMillis(uttFirst),
              times.roundMillis(end), List.of()));
          if (!partialEmitted) {
            metrics.onsetToFirstPartial(clock.millis() - times.arrivalMillis(uttFirst));
          }
          partialEmitted = true;
        }
      } else {
        metrics.dropped(TranscriptionMetrics.DropKind.PARTIAL);
      }
    }
    uttNanos += System.nanoTime() - t0;
  }

  @Override
  public void speechEnd(long endSample, boolean keep) {
    long t0 = System.nanoTime();
    Hypothesis h = decoder.endUtterance();
    uttNanos += System.nanoTime() - t0;
    totalNanos += uttNanos;
    totalSpeechSamples += uttSamples;
    if (uttSamples > 0) {
      metrics.realTimeFactor(uttNanos / 1e9 / (uttSamples / 16_000.0));
    }
    String text = keep ? h.text() : "";
    if (text.isEmpty() && !partialEmitted) {
      return; // nothing was shown for this utterance: a beep or a cough needs no caption
    }
    long base = times.roundMillis(uttFirst);
    List<Word> words = new ArrayList<>();
    if (keep) {
      for (Word w : h.words()) {
        words.add(new Word(w.word(), base + w.startMillis(), base + w.endMillis(), w.confidence()));
      }
    }
    long start = words.isEmpty() ? base : words.get(0).startMillis();
    long end = Math.max(start, times.roundMillis(endSample));
    if (!words.isEmpty()) {
      end = Math.max(end, words.get(words.size() - 1).endMillis()); // the engine may place the last word's end later
    }
    emit(new Caption(speaker, Caption.Kind.FINAL, utterance, text, start, end, words));
    metrics.endToFinal(clock.millis() - times.arrivalMillis(endSample));
  }

  private void emit(Caption c) {
    metrics.emitted(c);
    try {
      listener.onCaption(c);
    } catch (RuntimeException e) {
      LOG.warn("caption listener failed ({})", e.getClass().getSimpleName());
    }
  }

  /** Nanoseconds spent in the engine so far (finished utterances). */
  public long decodeNanos() {
    return totalNanos;
  }

  /** 16 kHz samples handed to the engine so far (finished utterances, pre-roll included). */
  public long speechSamples() {
    return totalSpeechSamples;
  }

  /** Flushes the open utterance and frees the decoder. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flush();
    } finally {
      decoder.close();
    }
  }
}
