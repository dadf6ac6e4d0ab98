package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.telerounds.media.sfu.TrackInfo;

/** The shared JSON mapper and the few message shapes the server builds. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode message(String type) {
    return MAPPER.createObjectNode().put("type", type);
  }

  public static ObjectNode error(ErrorCode code, String message) {
    return message("error").put("code", code.wire()).put("message", message);
  }

  public static ObjectNode track(TrackInfo t) {
    return MAPPER.createObjectNode().put("trackId", t.trackId()).put("participantId", t.participantId())
        .put("role", t.role().wireName()).put("kind", t.kind()).put("codec", t.codec());
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }
}
