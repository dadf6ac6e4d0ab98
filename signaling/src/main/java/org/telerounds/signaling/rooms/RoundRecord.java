package org.telerounds.signaling.rooms;

/**
 * What signaling tells the round's record: who joined, events such as privacy mode, and the end
 * of the round (the room emptied). Calls never block: they run on event loops.
 */
public interface RoundRecord {
  /** A participant joined; {@code subject} is the token's subject (a staff or cart id). */
  void joined(String room, String participantId, String subject, String role, long atMillis);

  /** An event for the record, e.g. {@code privacy.on}. */
  void event(String room, String participantId, String type, long atMillis);

  /** The last participant left. */
  void ended(String room);

  /** No record (recording turned off). */
  RoundRecord NONE = new RoundRecord() {
    @Override
    public void joined(String room, String participantId, String subject, String role, long atMillis) {}

    @Override
    public void event(String room, String participantId, String type, long atMillis) {}

    @Override
    public void ended(String room) {}
  };
}
