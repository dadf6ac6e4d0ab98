package org.telerounds.media.transcribe.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * Vosk ({@code com.alphacephei:vosk}, bundling {@code libvosk.so}) with a model directory from
 * config; no model ships with telerounds. The {@link Model} is loaded once and shared by all
 * streams (Vosk models are thread-safe); each stream gets its own recognizer.
 */
public final class VoskEngine implements SpeechEngine {
  private final Model model;

  private VoskEngine(Model model) {
    this.model = model;
  }

  /** Loads the model, or says in one line why it cannot (naming the config key). */
  public static VoskEngine load(EngineSettings s) throws EngineUnavailableException {
    Path dir = s.modelDir();
    if (dir.toString().isEmpty() || !Files.isDirectory(dir)) {
      throw new EngineUnavailableException("Vosk model directory not found: '" + dir + "' ("
          + s.modelKey() + "; download a Vosk model for " + s.language() + " and point the key at it)");
    }
    try {
      LibVosk.setLogLevel(LogLevel.WARNINGS);
    } catch (LinkageError e) {
      throw new EngineUnavailableException("Vosk native library cannot be loaded: " + e.getMessage(), e);
    }
    try {
      return new VoskEngine(new Model(dir.toString()));
    } catch (IOException e) {
      throw new EngineUnavailableException("Vosk could not load a model from " + dir + " ("
          + s.modelKey() + "): not a Vosk model directory", e);
    }
  }

  @Override
  public String name() {
    return EngineSettings.VOSK;
  }

  @Override
  public EngineDecoder newDecoder() {
    return new VoskDecoder(model);
  }

  @Override
  public void close() {
    model.close();
  }
}
