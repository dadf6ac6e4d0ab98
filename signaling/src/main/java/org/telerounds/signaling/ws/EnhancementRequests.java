package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.sfu.Participant;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.carts.CartEnhancementPresets;

/**
 * One session's part in the room's voice enhancement (docs/protocol.md#voice-enhancement): the
 * state after join, a cart's preset from its profile, levels once a second for those who may
 * switch it, and the {@code enhancement} switch itself (audited, broadcast). Closing it stops the
 * levels.
 */
final class EnhancementRequests implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.session");
  private final SignalingSession session;
  private final CartEnhancementPresets presets;
  private ScheduledFuture<?> levelsTimer;

  EnhancementRequests(SignalingSession session, CartEnhancementPresets presets) {
    this.session = session;
    this.presets = presets;
  }

  /** After join: the room's state to this client; a cart's profile preset; levels for controllers. */
  void start(Participant p) {
    p.roomEnhancement().whenComplete((s, err) -> {
      if (s != null) session.send(EnhancementMessages.state(s, null));
    });
    if (session.role() == Role.CART && presets != null) {
      presets.patientMicPreset(session.subject()).whenComplete((preset, err) -> {
        if (err != null) {
          session.onChannel(() -> LOG.warn("cannot read the cart's enhancement preset; using the default: {}",
              err.toString()));
        } else if (preset.isPresent()) {
          p.setEnhancementPreset(preset.get()).whenComplete((v, e2) -> { }); // unavailable: nothing to set
        }
      });
    }
    if (session.role() == Role.EXPERT || session.role() == Role.OPERATOR) {
      levelsTimer = session.loop().scheduleAtFixedRate(this::sendLevels, 1, 1, TimeUnit.SECONDS);
    }
  }

  private void sendLevels() {
    Participant p = session.participant();
    if (p == null || session.isClosed()) return;
    p.roomEnhancement().whenComplete((s, err) -> {
      if (s != null && s.enabled() && !s.carts().isEmpty()) session.send(EnhancementMessages.levels(s));
    });
  }

  /** An operator or expert switches the room's voice enhancement on or off: audited, broadcast. */
  void enhancement(JsonNode msg) {
    boolean on = msg.get("enabled").asBoolean();
    String detail = on ? "on" : "off";
    Participant p = session.participant();
    p.setRoomEnhancement(on).thenCompose(changed -> p.roomEnhancement().thenApply(s -> Map.entry(changed, s)))
        .whenComplete((r, err) -> session.onChannel(() -> {
          if (err != null) {
            session.audit("enhancement", detail, "failed");
            session.failed(err, msg);
            return;
          }
          session.audit("enhancement", detail, r.getKey() ? "applied" : "unchanged");
          if (r.getKey()) session.recordEvent(on ? "enhancement.on" : "enhancement.off");
          ObjectNode state = EnhancementMessages.state(r.getValue(), session.participantId());
          session.send(state.deepCopy().setAll(SignalingSession.reply(state.path("type").asText(), msg)));
          session.broadcast(state);
        }));
  }

  @Override
  public void close() {
    if (levelsTimer != null) levelsTimer.cancel(false);
  }
}
