package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;

/**
 * Experts are told why captions are off, and the round goes on: transcription switched off, and
 * switched on with a model directory that does not exist. Carts get no caption events.
 */
class CaptionStateIT {
  @Test
  void expertsAreToldThatTranscriptionIsOff() throws Exception {
    try (TestServer server = new TestServer();
        WsClient expert = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
      expert.send("{\"type\":\"join\",\"name\":\"Dr Chen\"}");
      expert.next("joined"); // captions.state follows the client's own joined, never precedes it
      JsonNode state = expert.next("captions.state");
      assertThat(state.path("available").asBoolean()).isFalse();
      assertThat(state.path("reason").asText()).contains("telerounds.transcription.enabled = false");
    }
  }

  @Test
  void aMissingModelTurnsCaptionsOffWithTheReasonAndTheRoundGoesOn() throws Exception {
    try (TestServer server = new TestServer(Map.of("telerounds.transcription.enabled", true,
            "telerounds.transcription.pocketsphinx.model-dir", "/nonexistent/pocketsphinx-model"));
        WsClient cart = new WsClient(server.ws(), "r2", server.token(Role.CART, "r2"));
        WsClient expert = new WsClient(server.ws(), "r2", server.token(Role.EXPERT, "r2"))) {
      cart.send("{\"type\":\"join\"}");
      cart.next("joined");
      expert.send("{\"type\":\"join\",\"name\":\"Dr Chen\"}");
      JsonNode state = expert.next("captions.state");
      if (state.path("loading").asBoolean()) {
        state = expert.next("captions.state"); // the model's check finished after the join
      }
      assertThat(state.path("available").asBoolean()).isFalse();
      assertThat(state.path("reason").asText()).contains("telerounds.transcription.pocketsphinx.model-dir")
          .doesNotContain("\n");
      expert.send("{\"type\":\"ping\"}");
      expert.next("pong");
      assertThat(cart.inbox).noneMatch(m -> m.path("type").asText().startsWith("caption"));
    }
  }
}
