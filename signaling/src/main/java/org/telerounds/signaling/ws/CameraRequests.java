package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * One session's camera requests: a cart announces what its cameras can do
 * ({@code camera.capabilities}), an expert steers them ({@code camera.control}, relayed to the
 * cart as {@code camera.command}) and the cart answers ({@code camera.result}, routed back to the
 * expert who asked). {@link MessageTable} has checked the guards; these run on the session's loop.
 */
final class CameraRequests {
  private final SignalingSession session;
  final RateLimiter commands;
  /** Commands relayed to this cart and not yet answered (this session's loop only). */
  private final Set<String> awaitingResult = new HashSet<>();
  private int nextCommand;
  /** What this cart's cameras can do, as it last announced; read by other sessions' joins. */
  private volatile ObjectNode capabilities;

  CameraRequests(SignalingSession session, Clock clock) {
    this.session = session;
    this.commands = new RateLimiter(clock, 10, 5);
  }

  /** The cameras as the cart last announced them, or null. */
  ObjectNode announced() {
    return capabilities;
  }

  /** A cart says what its cameras can do (axis ranges, preset names), for the experts' controls. */
  void capabilities(JsonNode msg) {
    ObjectNode clean = CameraControl.capabilities(msg.get("cameras"));
    if (clean == null) {
      session.error(ErrorCode.BAD_REQUEST, "\"cameras\" must map camera:room/camera:exam to {pan,tilt,zoom:"
          + " {min,max}, presets: [names]}", msg);
      return;
    }
    capabilities = clean;
    ObjectNode ev = Json.message("camera.capabilities").put("participantId", session.participantId());
    ev.set("cameras", clean);
    session.broadcast(ev);
  }

  /** An expert steers a cart camera: audited and relayed to the cart, acknowledged with camera.sent. */
  void control(JsonNode msg) {
    String detail = CameraControl.describe(msg);
    String target = msg.get("target").asText();
    SignalingSession cart = session.members().stream()
        .filter(s -> s.participantId().equals(target) && s.isCartSide()).findFirst().orElse(null);
    if (cart == null) {
      session.audit("camera.control", detail, "no-target");
      session.error(ErrorCode.NO_SUCH_TARGET, "no cart with that participantId in this room", msg);
      return;
    }
    String requestId = session.participantId() + ":" + (++nextCommand);
    session.audit("camera.control", detail, "relayed");
    cart.cameraRequests().deliver(CameraControl.command(msg, requestId, session.participantId()));
    session.send(SignalingSession.reply("camera.sent", msg).put("requestId", requestId));
  }

  /** A command for this cart, from another session: it hops to this session's loop. */
  private void deliver(ObjectNode command) {
    session.onChannel(() -> {
      awaitingResult.add(command.get("requestId").asText());
      session.send(command);
    });
  }

  /** The cart's answer to a camera command, routed back to the expert who sent it. */
  void result(JsonNode msg) {
    String requestId = msg.path("requestId").asText("");
    if (!awaitingResult.remove(requestId)) {
      session.error(ErrorCode.BAD_REQUEST, "no camera command with that requestId is awaiting a result", msg);
      return;
    }
    String status = msg.path("status").asText();
    if (!status.equals("applied") && !status.equals("unsupported")) {
      session.error(ErrorCode.BAD_REQUEST, "\"status\" must be applied or unsupported", msg);
      return;
    }
    String requester = requestId.substring(0, requestId.lastIndexOf(':'));
    ObjectNode result = Json.message("camera.result").put("requestId", requestId).put("status", status)
        .put("from", session.participantId());
    if (msg.has("applied") && msg.get("applied").isObject()) result.set("applied", msg.get("applied"));
    if (msg.hasNonNull("reason")) result.put("reason", msg.get("reason").asText());
    session.members().stream().filter(s -> s.participantId().equals(requester)).findFirst()
        .ifPresent(s -> s.send(result));
  }
}
