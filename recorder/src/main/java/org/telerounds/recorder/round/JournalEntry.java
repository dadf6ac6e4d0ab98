package org.telerounds.recorder.round;

/** An event of the round for its record, e.g. {@code privacy.on} by a participant. */
public record JournalEntry(long atMillis, String participantId, String type) {}
