package org.telerounds.media.transcribe.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which engine and model a room uses, resolved from {@code telerounds.transcription} (the defaults
 * or a per-hospital/per-room override). {@code modelKey} is the full config key the model
 * directory came from, so error messages can name it.
 */
public record EngineSettings(String engine, Path modelDir, String language, String modelKey) {
  public static final String POCKETSPHINX = "pocketsphinx";
  public static final String VOSK = "vosk";

  public EngineSettings {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(modelKey, "modelKey");
  }
}
