package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.telerounds.media.enhance.EnhancementLevels;
import org.telerounds.media.sfu.EnhancementState;

/**
 * The voice-enhancement messages the server sends (docs/protocol.md): {@code enhancement.state}
 * (on or off, and which carts have a {@code voice:enhanced} track with which preset) and
 * {@code enhancement.levels} (each cart's input and output levels in dBFS, about once a second).
 * They carry levels only, never audio or patient data.
 */
final class EnhancementMessages {
  private EnhancementMessages() {}

  /** {@code by}: the participant who switched it, or null for the state on join. */
  static ObjectNode state(EnhancementState s, String by) {
    ObjectNode m = Json.message("enhancement.state").put("available", s.available()).put("enabled", s.enabled());
    if (by != null) m.put("by", by);
    ArrayNode carts = m.putArray("carts");
    for (EnhancementState.CartVoice c : s.carts()) {
      carts.addObject().put("participantId", c.participantId()).put("trackId", c.trackId()).put("preset", c.preset());
    }
    return m;
  }

  static ObjectNode levels(EnhancementState s) {
    ObjectNode m = Json.message("enhancement.levels");
    ArrayNode carts = m.putArray("carts");
    for (EnhancementState.CartVoice c : s.carts()) {
      EnhancementLevels l = c.levels();
      carts.addObject().put("participantId", c.participantId()).put("trackId", c.trackId()).put("preset", c.preset())
          .put("inputDbfs", round(l.patientDbfs())).put("roomDbfs", round(l.roomDbfs()))
          .put("outputDbfs", round(l.outputDbfs())).put("enhanced", l.enabled());
    }
    return m;
  }

  private static double round(double db) {
    return Math.round(db * 10) / 10.0;
  }
}
