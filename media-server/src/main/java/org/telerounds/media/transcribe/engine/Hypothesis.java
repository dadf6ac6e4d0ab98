package org.telerounds.media.transcribe.engine;

import java.util.List;
import org.telerounds.media.transcribe.Word;

/** An engine's final result for one utterance; word times are relative to the utterance start. */
public record Hypothesis(String text, List<Word> words) {
  public static final Hypothesis EMPTY = new Hypothesis("", List.of());

  public Hypothesis {
    words = List.copyOf(words);
  }
}
