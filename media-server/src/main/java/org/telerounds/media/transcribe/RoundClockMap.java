package org.telerounds.media.transcribe;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Maps 16 kHz sample positions of a stream to the round's clock and to the local arrival time, from
 * the timestamp handed in with each chunk. Between anchors time runs at 16 samples per ms, so gaps
 * in the feed (DTX, loss) keep captions on the round's clock. Old anchors are pruned.
 */
final class RoundClockMap {
  private record Anchor(long sample, long roundMillis, long arrivalMillis) {}

  private final ArrayDeque<Anchor> anchors = new ArrayDeque<>();

  void anchor(long sample, long roundMillis, long arrivalMillis) {
    anchors.addLast(new Anchor(sample, roundMillis, arrivalMillis));
  }

  long roundMillis(long sample) {
    Anchor a = at(sample);
    return a == null ? sample / 16 : a.roundMillis + (sample - a.sample) / 16;
  }

  long arrivalMillis(long sample) {
    Anchor a = at(sample);
    return a == null ? 0 : a.arrivalMillis + (sample - a.sample) / 16;
  }

  /** Forgets anchors that only cover samples before {@code sample}. */
  void pruneBefore(long sample) {
    while (anchors.size() > 1) {
      Iterator<Anchor> it = anchors.iterator();
      it.next();
      if (it.next().sample <= sample) {
        anchors.removeFirst();
      } else {
        return;
      }
    }
  }

  private Anchor at(long sample) {
    Anchor best = anchors.peekFirst();
    for (Anchor a : anchors) {
      if (a.sample <= sample) {
        best = a;
      } else {
        break;
      }
    }
    return best;
  }
}
