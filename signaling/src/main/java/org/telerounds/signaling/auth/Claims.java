package org.telerounds.signaling.auth;

import java.time.Instant;
import java.util.List;

/**
 * The verified claims of a JWT, kept on the channel after the upgrade. {@code rooms} lists the
 * rooms the holder may enter ("*" for all); {@code wards} the wards (used by later features).
 */
public record Claims(String subject, Role role, List<String> rooms, List<String> wards, Instant expiresAt) {
  public boolean mayEnter(String room) {
    return rooms.contains("*") || rooms.contains(room);
  }
}
