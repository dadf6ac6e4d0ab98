package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Checks a {@code camera.control} request from an expert and turns it into the
 * {@code camera.command} a cart receives. Values are clamped to the ranges of the W3C
 * MediaStreamTrack pan/tilt/zoom constraints; the cart applies what its camera supports.
 */
final class CameraControl {
  static final Set<String> ACTIONS = Set.of("absolute", "relative", "preset");
  static final Set<String> CAMERAS = Set.of("camera:room", "camera:exam");

  private CameraControl() {}

  /** The validation problem, or null if the request is well-formed. */
  static String problem(JsonNode msg) {
    if (!msg.path("target").isTextual()) return "camera.control needs \"target\" (the cart's participantId)";
    if (!CAMERAS.contains(msg.path("camera").asText())) return "\"camera\" must be camera:room or camera:exam";
    String action = msg.path("action").asText();
    if (!ACTIONS.contains(action)) return "\"action\" must be absolute, relative or preset";
    if (action.equals("preset")) {
      int p = msg.path("preset").asInt(-1);
      return p >= 0 && p < 100 ? null : "\"preset\" must be an integer 0..99";
    }
    boolean any = false;
    for (String axis : new String[] {"pan", "tilt", "zoom"}) {
      JsonNode v = msg.get(axis);
      if (v == null) continue;
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) return "\"" + axis + "\" must be a number";
      any = true;
    }
    return any ? null : "give at least one of pan, tilt, zoom";
  }

  /** The command sent to the cart; {@code requestId} routes the cart's result back. */
  static ObjectNode command(JsonNode msg, String requestId, String from) {
    ObjectNode c = Json.message("camera.command").put("requestId", requestId).put("from", from)
        .put("camera", msg.path("camera").asText()).put("action", msg.path("action").asText());
    if (msg.has("preset")) c.put("preset", msg.path("preset").asInt());
    for (String axis : new String[] {"pan", "tilt", "zoom"}) {
      if (msg.has(axis)) c.put(axis, msg.path(axis).asDouble());
    }
    return c;
  }

  /** A short, PHI-free description for the audit log. */
  static String describe(JsonNode msg) {
    return msg.path("camera").asText() + " " + msg.path("action").asText()
        + (msg.has("preset") ? " preset=" + msg.path("preset").asInt() : "")
        + (msg.has("pan") ? " pan=" + msg.path("pan").asDouble() : "")
        + (msg.has("tilt") ? " tilt=" + msg.path("tilt").asDouble() : "")
        + (msg.has("zoom") ? " zoom=" + msg.path("zoom").asDouble() : "");
  }
}
