package org.telerounds.media.transcribe.engine;

/**
 * A loaded speech engine and model. Thread-safe; it makes one {@link EngineDecoder} per speaker
 * stream. Closing it frees the shared model; decoders must be closed first.
 */
public interface SpeechEngine extends AutoCloseable {
  /** {@code pocketsphinx} or {@code vosk}: a low-cardinality metrics label. */
  String name();

  /** A new decoder for one stream of 16 kHz mono PCM. May take a while: call it off media threads. */
  EngineDecoder newDecoder() throws EngineUnavailableException;

  @Override
  void close();
}
