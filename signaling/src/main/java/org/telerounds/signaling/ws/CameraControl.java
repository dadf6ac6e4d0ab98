package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code camera.control} request from an expert and turns it into the
 * {@code camera.command} a cart receives, and a cart's {@code camera.capabilities} into the copy
 * experts see. Units are the cart profile's: pan and tilt in degrees, zoom in percent (100 = 1x);
 * the cart converts them to its camera's MediaStreamTrack constraints and applies what it supports.
 */
final class CameraControl {
  static final Set<String> ACTIONS = Set.of("absolute", "relative", "preset");
  static final Set<String> CAMERAS = Set.of("camera:room", "camera:exam");
  static final String[] AXES = {"pan", "tilt", "zoom"};
  static final Pattern PRESET = Pattern.compile("[a-z0-9-]{1,64}");
  static final int MAX_PRESETS = 32;

  private CameraControl() {}

  /** The validation problem, or null if the request is well-formed. */
  static String problem(JsonNode msg) {
    if (!msg.path("target").isTextual()) return "camera.control needs \"target\" (the cart's participantId)";
    if (!CAMERAS.contains(msg.path("camera").asText())) return "\"camera\" must be camera:room or camera:exam";
    String action = msg.path("action").asText();
    if (!ACTIONS.contains(action)) return "\"action\" must be absolute, relative or preset";
    if (action.equals("preset")) {
      JsonNode p = msg.path("preset");
      return p.isTextual() && PRESET.matcher(p.asText()).matches() ? null
          : "\"preset\" must be a preset name matching [a-z0-9-]{1,64}";
    }
    boolean any = false;
    for (String axis : AXES) {
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
    if (msg.path("action").asText().equals("preset")) {
      return c.put("preset", msg.path("preset").asText());
    }
    for (String axis : AXES) {
      if (msg.has(axis)) c.put(axis, msg.path(axis).asDouble());
    }
    return c;
  }

  /**
   * A clean copy of a cart's {@code cameras} announcement (camera role to axis ranges and preset
   * names), or null if it is malformed. Only known keys are copied, so nothing else is relayed.
   */
  static ObjectNode capabilities(JsonNode cameras) {
    if (cameras == null || !cameras.isObject()) return null;
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = cameras.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!CAMERAS.contains(e.getKey()) || !e.getValue().isObject()) return null;
      ObjectNode cam = out.putObject(e.getKey());
      for (String axis : AXES) {
        JsonNode r = e.getValue().get(axis);
        if (r == null || r.isNull()) continue;
        if (!r.path("min").isNumber() || !r.path("max").isNumber()) return null;
        cam.putObject(axis).put("min", r.get("min").asDouble()).put("max", r.get("max").asDouble());
      }
      JsonNode presets = e.getValue().path("presets");
      ArrayNode names = cam.putArray("presets");
      if (presets.isMissingNode()) continue;
      if (!presets.isArray() || presets.size() > MAX_PRESETS) return null;
      for (JsonNode n : presets) {
        if (!n.isTextual() || !PRESET.matcher(n.asText()).matches()) return null;
        names.add(n.asText());
      }
    }
    return out;
  }

  /** A short, PHI-free description for the audit log. */
  static String describe(JsonNode msg) {
    return msg.path("camera").asText() + " " + msg.path("action").asText()
        + (msg.path("preset").isTextual() ? " preset=" + msg.path("preset").asText() : "")
        + (msg.has("pan") ? " pan=" + msg.path("pan").asDouble() : "")
        + (msg.has("tilt") ? " tilt=" + msg.path("tilt").asDouble() : "")
        + (msg.has("zoom") ? " zoom=" + msg.path("zoom").asDouble() : "");
  }
}
