package org.telerounds.signaling.ws;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.telerounds.media.sdp.SdpException;
import org.telerounds.media.sdp.SessionDescription;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the signaling WebSocket's JSON messages, as {@code SignalingSession.onMessage}
 * reads them: parse with the shared mapper (its documented failure is a {@link JacksonException},
 * answered with bad-json), the object/type check, the camera validators, the capabilities
 * sanitizer, the audit description, an error reply echoing the request id, and the SDP of publish
 * and subscribe answers. Any other exception is a finding.
 */
public class SignalingJsonFuzzTest {
  // A hang is a finding: JUnit times each seed out after 60 s, and Jazzer passes the same limit to
  // libFuzzer as its per-input -timeout. It also bounds the whole 8 s fuzzing invocation, so keep it above.
  @Timeout(60)
  @FuzzTest(maxDuration = "8s")
  void onMessage(byte[] data) {
    fuzzerTestOneInput(data);
  }

  /** Entry point for Jazzer's standalone driver (long runs; see docs/benchmarks.md). */
  public static void fuzzerTestOneInput(byte[] data) {
    JsonNode msg;
    try {
      msg = Json.MAPPER.readTree(new String(data, StandardCharsets.UTF_8));
    } catch (JacksonException expected) {
      return;
    }
    if (msg == null || !msg.isObject() || !msg.path("type").isTextual()) return;
    if (CameraControl.problem(msg) == null) {
      CameraControl.command(msg, "req-1", "participant-1").toString();
    }
    CameraControl.describe(msg);
    ObjectNode caps = CameraControl.capabilities(msg.get("cameras"));
    if (caps != null) caps.toString();
    ObjectNode error = Json.error(ErrorCode.BAD_REQUEST, "x");
    if (msg.hasNonNull("id")) error.set("id", msg.get("id"));
    error.toString();
    msg.path("room").asText("r1");
    msg.path("name").asText("anonymous");
    for (JsonNode t : msg.path("tracks")) {
      t.path("mid").asText();
      t.path("role").asText();
    }
    if (msg.path("sdp").isTextual()) {
      try {
        SessionDescription.parse(msg.get("sdp").asText()).transportParams();
      } catch (SdpException expected) {
        // answered with bad-sdp
      }
    }
  }
}
