package org.telerounds.recorder.archive;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A finished round as the archive lists it: who and where from its manifest, its legal hold, and
 * until when it must be kept. {@code keys} are the objects its manifest lists (downloadable).
 * {@code status} is the manifest's: {@code complete}, {@code complete-with-gaps} (a track lost a
 * stretch, listed with its cause in the manifest) or {@code incomplete} (the recorder stopped
 * during the round).
 */
public record ArchivedRound(String roundId, String room, String cartId, String hospital, String ward,
    long startedMillis, long endedMillis, String status, List<String> subjects, Set<String> keys, LegalHold hold,
    Instant retainUntil) {

  /** A legal hold: while on, the round cannot be deleted whatever its retention. */
  public record LegalHold(boolean on, String reason, String by, long atMillis) {
    public static final LegalHold NONE = new LegalHold(false, "", "", 0);
  }

  /** Whether part of the recording is missing (gaps, or the recorder stopped during the round). */
  public boolean hasLoss() {
    return !status.equals("complete");
  }

  public String prefix() {
    return "rounds/" + roundId + "/";
  }

  public String manifestKey() {
    return prefix() + "manifest.json";
  }

  ArchivedRound withHold(LegalHold h) {
    return new ArchivedRound(roundId, room, cartId, hospital, ward, startedMillis, endedMillis, status, subjects, keys,
        h, retainUntil);
  }
}
