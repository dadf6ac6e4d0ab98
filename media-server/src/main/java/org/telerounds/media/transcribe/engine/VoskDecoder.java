package org.telerounds.media.transcribe.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.telerounds.media.transcribe.Word;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * One Vosk recognizer per utterance (cheap next to the shared model), so word times in the result
 * are relative to the utterance start without guessing how Vosk counts time across resets.
 */
final class VoskDecoder implements EngineDecoder {
  private final Model model;
  private Recognizer recognizer;
  private final List<Hypothesis> done = new ArrayList<>();
  private short[] copy = new short[0];

  VoskDecoder(Model model) {
    this.model = model;
  }

  @Override
  public void startUtterance() {
    closeRecognizer();
    done.clear();
    try {
      recognizer = new Recognizer(model, 16000f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    recognizer.setWords(true);
  }

  @Override
  public void accept(short[] pcm16k, int off, int len) {
    short[] data = pcm16k;
    if (off != 0) {
      if (copy.length < len) {
        copy = new short[len];
      }
      System.arraycopy(pcm16k, off, copy, 0, len);
      data = copy;
    }
    if (recognizer.acceptWaveForm(data, len)) {
      // Vosk found its own endpoint inside our utterance: keep that part, or getFinalResult loses it.
      done.add(VoskResults.result(recognizer.getResult()));
    }
  }

  @Override
  public String partial() {
    if (recognizer == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    done.forEach(h -> b.append(h.text()).append(' '));
    return b.append(VoskResults.partial(recognizer.getPartialResult())).toString().trim();
  }

  @Override
  public Hypothesis endUtterance() {
    if (recognizer == null) {
      return Hypothesis.EMPTY;
    }
    done.add(VoskResults.result(recognizer.getFinalResult()));
    closeRecognizer();
    StringBuilder text = new StringBuilder();
    List<Word> words = new ArrayList<>();
    for (Hypothesis h : done) {
      text.append(h.text()).append(' ');
      words.addAll(h.words());
    }
    done.clear();
    String t = text.toString().trim().replaceAll("\\s+", " ");
    return t.isEmpty() ? Hypothesis.EMPTY : new Hypothesis(t, words);
  }

  private void closeRecognizer() {
    if (recognizer != null) {
      recognizer.close();
      recognizer = null;
    }
  }

  @Override
  public void close() {
    closeRecognizer();
  }
}
