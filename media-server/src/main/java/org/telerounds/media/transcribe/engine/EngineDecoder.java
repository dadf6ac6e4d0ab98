package org.telerounds.media.transcribe.engine;

/**
 * Decodes one stream, one utterance at a time: {@link #startUtterance}, {@link #accept} 16 kHz mono
 * PCM, optionally {@link #partial}, then {@link #endUtterance}. Not thread-safe: one thread at a
 * time (the stream's serial drain). Holds native memory until {@link #close}.
 */
public interface EngineDecoder extends AutoCloseable {
  void startUtterance();

  void accept(short[] pcm16k, int off, int len);

  /** The current hypothesis of the open utterance; empty when there is none yet. */
  String partial();

  /** Ends the utterance and returns its text and words (times relative to the utterance start). */
  Hypothesis endUtterance();

  @Override
  void close();
}
