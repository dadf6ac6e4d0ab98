package org.telerounds.recorder.round;

/** Who took part: the participant id, the token subject (a staff or cart id), role, join time. */
public record Participant(String participantId, String subject, String role, long joinedMillis) {}
