package org.telerounds.media.transcribe.engine;

/** Loads the engine that {@link EngineSettings} names. */
public final class SpeechEngines {
  private SpeechEngines() {}

  /** Loads the engine and its model, or says in one line why it cannot. */
  public static SpeechEngine load(EngineSettings settings) throws EngineUnavailableException {
    return switch (settings.engine()) {
      case EngineSettings.POCKETSPHINX -> PocketSphinxEngine.load(settings);
      case EngineSettings.VOSK -> VoskEngine.load(settings);
      default -> throw new EngineUnavailableException("unknown speech engine '" + settings.engine()
          + "' (expected pocketsphinx or vosk)");
    };
  }
}
