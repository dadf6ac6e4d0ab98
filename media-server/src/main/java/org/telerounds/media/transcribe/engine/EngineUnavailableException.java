package org.telerounds.media.transcribe.engine;

/**
 * The configured engine or model cannot be used. {@link #getMessage()} is one clear line, safe to
 * log and to show to experts ("captions are off: ..."); it never contains transcript text.
 */
public final class EngineUnavailableException extends Exception {
  public EngineUnavailableException(String reason) {
    super(reason);
  }

  public EngineUnavailableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
