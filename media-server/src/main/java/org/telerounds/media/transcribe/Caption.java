package org.telerounds.media.transcribe;

import java.util.List;

/**
 * A caption event: a partial hypothesis (text may still change) or a final utterance. Times are on
 * the round's clock in milliseconds, as handed to {@link TranscriptionStream#accept48k}; for a
 * partial, {@code endMillis} is the end of the audio decoded so far. {@code utterance} numbers the
 * utterances of one stream from 1, so a client can replace the partials of an utterance with its
 * final. {@code words} is empty for partials and for engines without word times. The text is
 * patient data: never log it at INFO or above.
 */
public record Caption(Speaker speaker, Kind kind, long utterance, String text, long startMillis,
    long endMillis, List<Word> words) {
  /** Partial hypothesis or final utterance; the names match the {@code caption.*} events. */
  public enum Kind {
    PARTIAL("caption.partial"), FINAL("caption.final");

    private final String event;

    Kind(String event) {
      this.event = event;
    }

    /** The WebSocket event name, {@code caption.partial} or {@code caption.final}. */
    public String event() {
      return event;
    }
  }

  public Caption {
    words = List.copyOf(words);
  }

  public boolean isFinal() {
    return kind == Kind.FINAL;
  }
}
