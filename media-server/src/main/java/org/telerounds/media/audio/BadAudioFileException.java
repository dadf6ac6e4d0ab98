package org.telerounds.media.audio;

import java.io.IOException;

/** An audio file that cannot be used, with a message fit to show the user as it is. */
public final class BadAudioFileException extends IOException {
  public BadAudioFileException(String message) {
    super(message);
  }
}
