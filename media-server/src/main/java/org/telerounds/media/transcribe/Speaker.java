package org.telerounds.media.transcribe;

import java.util.Objects;

/**
 * Who is speaking: the participant id from signaling, the role of the track or participant
 * ({@code mic:patient}, {@code voice:enhanced}, {@code expert}, ...) and the label shown next to
 * captions. The id and label are patient-adjacent data: never log them at INFO or above.
 */
public record Speaker(String participantId, String role, String label) {
  public Speaker {
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(label, "label");
  }
}
