package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;

/**
 * Resume over the real server (docs/protocol.md#resume): a participant whose WebSocket drops keeps
 * its id and its place in the room for the resume window; the others see it reconnecting, then
 * resumed, never leaving; messages sent meanwhile follow the resumed {@code joined}. The token is
 * good once, only for its own subject, and not after the window or a leave.
 */
class ResumeIT {
  static final String ROOM = "ward9-bed2";

  @Test
  void aDroppedExpertResumesAsTheSameParticipantAndGetsWhatItMissed() throws Exception {
    try (TestServer server = new TestServer();
        WsClient cart = join(server, "cart-0301", Role.CART, "cart")) {
      JsonNode cartJoined = cart.next("joined");
      WsClient expert = join(server, "dr-okafor", Role.EXPERT, "Dr Okafor");
      JsonNode joined = expert.next("joined");
      String id = joined.path("participantId").asText();
      String token = joined.path("resumeToken").asText();
      assertThat(joined.path("resumed").asBoolean()).isFalse();
      assertThat(token).hasSizeGreaterThanOrEqualTo(40);
      assertThat(joined.path("resumeWindowSeconds").asInt()).isEqualTo(30);
      assertThat(cart.next("participant.joined").path("participantId").asText()).isEqualTo(id);

      expert.close(); // the TCP connection drops, no close frame
      assertThat(cart.next("participant.reconnecting").path("participantId").asText()).isEqualTo(id);
      // while the expert is away, someone joins: the expert must hear of it after resuming
      try (WsClient other = join(server, "dr-lind", Role.EXPERT, "Dr Lind")) {
        String otherId = other.next("joined").path("participantId").asText();
        try (WsClient back = new WsClient(server.ws(), ROOM, server.tokenFor("dr-okafor", Role.EXPERT, ROOM))) {
          back.send("{\"type\":\"join\",\"name\":\"Dr Okafor\",\"resume\":\"" + token + "\",\"id\":\"r1\"}");
          JsonNode resumed = back.next("joined");
          assertThat(resumed.path("resumed").asBoolean()).isTrue();
          assertThat(resumed.path("id").asText()).isEqualTo("r1");
          assertThat(resumed.path("participantId").asText()).isEqualTo(id);
          assertThat(resumed.path("resumeToken").asText()).isNotEqualTo(token).hasSizeGreaterThanOrEqualTo(40);
          assertThat(resumed.path("missed").asInt()).isZero();
          assertThat(ids(resumed.path("participants"))).contains(cartJoined.path("participantId").asText(), otherId)
              .doesNotContain(id);
          assertThat(back.next("participant.joined").path("participantId").asText()).as("kept while away")
              .isEqualTo(otherId);
          List<JsonNode> seen = drainUntil(cart, "participant.resumed");
          assertThat(seen.get(seen.size() - 1).path("participantId").asText()).isEqualTo(id);
          assertThat(seen).noneMatch(m -> m.path("type").asText().equals("participant.left"));
          back.send("{\"type\":\"ping\",\"id\":\"p\"}");
          assertThat(back.next("pong").path("id").asText()).isEqualTo("p");

          // the old token is spent
          try (WsClient again = new WsClient(server.ws(), ROOM, server.tokenFor("dr-okafor", Role.EXPERT, ROOM))) {
            again.send("{\"type\":\"join\",\"name\":\"Dr Okafor\",\"resume\":\"" + token + "\"}");
            JsonNode fresh = again.next("joined");
            assertThat(fresh.path("resumed").asBoolean()).isFalse();
            assertThat(fresh.path("participantId").asText()).isNotEqualTo(id);
          }
        }
      }
    }
  }

  @Test
  void aTokenIsGoodOnlyForItsOwnSubjectAndResumingCutsAConnectionTheServerThoughtAlive() throws Exception {
    try (TestServer server = new TestServer();
        WsClient cart = join(server, "cart-0302", Role.CART, "cart")) {
      cart.next("joined");
      WsClient expert = join(server, "dr-adeyemi", Role.EXPERT, "Dr Adeyemi");
      JsonNode joined = expert.next("joined");
      String id = joined.path("participantId").asText();
      String token = joined.path("resumeToken").asText();

      try (WsClient thief = new WsClient(server.ws(), ROOM, server.tokenFor("dr-mallory", Role.EXPERT, ROOM))) {
        thief.send("{\"type\":\"join\",\"name\":\"Dr Mallory\",\"resume\":\"" + token + "\"}");
        JsonNode j = thief.next("joined");
        assertThat(j.path("resumed").asBoolean()).as("another subject's token").isFalse();
        assertThat(j.path("participantId").asText()).isNotEqualTo(id);
      }

      // the owner's client thinks its connection died; the server still has it open
      try (WsClient back = new WsClient(server.ws(), ROOM, server.tokenFor("dr-adeyemi", Role.EXPERT, ROOM))) {
        back.send("{\"type\":\"join\",\"name\":\"Dr Adeyemi\",\"resume\":\"" + token + "\"}");
        JsonNode resumed = back.next("joined");
        assertThat(resumed.path("resumed").asBoolean()).isTrue();
        assertThat(resumed.path("participantId").asText()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> expert.closeCode == 4002);
        back.send("{\"type\":\"ping\",\"id\":\"after\"}");
        assertThat(back.next("pong").path("id").asText()).as("the old connection's close leaves the session")
            .isEqualTo("after");
      } finally {
        expert.close();
      }
    }
  }

  @Test
  void afterTheWindowOrALeaveTheParticipantIsGoneAndAResumeJoinsAfresh() throws Exception {
    try (TestServer server = new TestServer(Map.of("telerounds.signaling.resume-window", "2s"));
        WsClient cart = join(server, "cart-0303", Role.CART, "cart")) {
      cart.next("joined");
      WsClient expert = join(server, "dr-sato", Role.EXPERT, "Dr Sato");
      JsonNode joined = expert.next("joined");
      String id = joined.path("participantId").asText();
      expert.close();
      assertThat(cart.next("participant.reconnecting").path("participantId").asText()).isEqualTo(id);
      assertThat(cart.next("participant.left").path("participantId").asText()).as("after the 2 s window")
          .isEqualTo(id);
      try (WsClient late = new WsClient(server.ws(), ROOM, server.tokenFor("dr-sato", Role.EXPERT, ROOM))) {
        late.send("{\"type\":\"join\",\"name\":\"Dr Sato\",\"resume\":\"" + joined.path("resumeToken").asText() + "\"}");
        JsonNode j = late.next("joined");
        assertThat(j.path("resumed").asBoolean()).isFalse();
        assertThat(j.path("participantId").asText()).isNotEqualTo(id);
        String token = j.path("resumeToken").asText();
        late.send("{\"type\":\"leave\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> late.closeCode == 1000);
        try (WsClient after = new WsClient(server.ws(), ROOM, server.tokenFor("dr-sato", Role.EXPERT, ROOM))) {
          after.send("{\"type\":\"join\",\"name\":\"Dr Sato\",\"resume\":\"" + token + "\"}");
          assertThat(after.next("joined").path("resumed").asBoolean()).as("after leave").isFalse();
        }
      }
    }
  }

  private static WsClient join(TestServer server, String subject, Role role, String name) throws Exception {
    WsClient c = new WsClient(server.ws(), ROOM, server.tokenFor(subject, role, ROOM));
    c.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
    return c;
  }

  private static List<String> ids(JsonNode participants) {
    List<String> out = new ArrayList<>();
    participants.forEach(p -> out.add(p.path("participantId").asText()));
    return out;
  }

  /** Every message up to and including the first of {@code type}. */
  private static List<JsonNode> drainUntil(WsClient c, String type) throws InterruptedException {
    List<JsonNode> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode m = c.inbox.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (m == null) continue;
      seen.add(m);
      if (type.equals(m.path("type").asText())) return seen;
    }
    throw new AssertionError("no " + type + " within 20 s; saw " + seen);
  }
}
