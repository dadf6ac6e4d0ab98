package org.telerounds.media.sfu;

import java.util.List;
import org.telerounds.media.enhance.EnhancementLevels;

/**
 * A room's voice enhancement as signaling reports it: whether the server can enhance at all,
 * whether the room has it switched on, and for each cart being enhanced its {@code voice:enhanced}
 * track, preset and latest levels. Contains no audio.
 */
public record EnhancementState(boolean available, boolean enabled, List<CartVoice> carts) {
  /** One cart's enhanced voice. */
  public record CartVoice(String participantId, String trackId, String preset, EnhancementLevels levels) {}

  /** The state of a server without live enhancement. */
  public static final EnhancementState UNAVAILABLE = new EnhancementState(false, false, List.of());
}
