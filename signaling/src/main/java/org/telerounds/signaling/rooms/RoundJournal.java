package org.telerounds.signaling.rooms;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened during a round that belongs in its record: privacy mode on and off, so the record
 * shows the intervals without video. Kept in memory; the recorder writes it into the round's
 * manifest once it exists.
 */
public final class RoundJournal {
  /** One event: epoch milliseconds, the participant it concerns, and what happened. */
  public record Event(long atMillis, String participantId, String type) {}

  private final List<Event> events = new ArrayList<>();

  public synchronized void add(long atMillis, String participantId, String type) {
    events.add(new Event(atMillis, participantId, type));
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }
}
