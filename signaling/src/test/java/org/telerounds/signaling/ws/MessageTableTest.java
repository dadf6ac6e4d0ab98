package org.telerounds.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.audit.AuditEvent;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.rooms.RoomDirectory;
import org.telerounds.signaling.rooms.RoundRecord;

/**
 * The message table on an {@link EmbeddedChannel}, without a media server: every type that needs
 * a join is refused before one, each refusal echoes the request's {@code id}, and the table names
 * exactly the types docs/protocol.md documents. (Role, form and rate refusals of joined sessions
 * are checked over real WebSockets by ReplyContractIT, BadInputIT, CartControlIT and
 * VoiceEnhancementIT.)
 */
class MessageTableTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<AuditEvent> audited = new ArrayList<>();
  private final SignalingSession session = new SignalingSession(channel,
      new Claims("dr-table", Role.EXPERT, List.of("*"), List.of(), Instant.now().plusSeconds(600)), "r1", null,
      new RoomDirectory(RoundRecord.NONE), new SignalingMetrics(new SimpleMeterRegistry()), e -> {
        audited.add(e);
        return CompletableFuture.completedFuture(null);
      }, Clock.systemUTC(), null, new ResumeRegistry(Duration.ofSeconds(30)));

  private JsonNode answer(String request) throws Exception {
    session.onMessage(request);
    channel.runPendingTasks();
    TextWebSocketFrame f = channel.readOutbound();
    assertThat(f).as("an answer to %s", request).isNotNull();
    try {
      return Json.MAPPER.readTree(f.text());
    } finally {
      f.release();
    }
  }

  @Test
  void everyTypeThatNeedsAJoinIsRefusedBeforeOneAndTheRefusalEchoesTheId() throws Exception {
    Set<String> joinFirst = new TreeSet<>();
    MessageTable.ROWS.forEach((type, row) -> {
      if (row.joinFirst()) joinFirst.add(type);
    });
    assertThat(joinFirst).contains("publish", "subscribe.answer", "ice.restart", "video.view", "mute", "privacy",
        "camera.capabilities", "camera.control", "camera.result", "enhancement");
    for (String type : joinFirst) {
      JsonNode e = answer("{\"type\":\"" + type + "\",\"id\":\"q-" + type + "\"}");
      assertThat(e.path("type").asText()).as(type).isEqualTo("error");
      assertThat(e.path("code").asText()).as(type).isEqualTo("not-joined");
      assertThat(e.path("id").asText()).as(type).isEqualTo("q-" + type);
    }
    assertThat(audited).as("a refused join-first message is not an audited action").isEmpty();
  }

  @Test
  void unknownTypesMalformedMessagesAndPingAreAnsweredWithTheId() throws Exception {
    JsonNode unknown = answer("{\"type\":\"teleport\",\"id\":42}");
    assertThat(unknown.path("code").asText()).isEqualTo("unknown-type");
    assertThat(unknown.path("id").asInt()).isEqualTo(42);
    assertThat(answer("{\"type\":\"ping\",\"id\":\"p1\"}").path("id").asText()).isEqualTo("p1");
    assertThat(answer("{not json").path("code").asText()).isEqualTo("bad-json");
    assertThat(answer("{\"type\":7}").path("code").asText()).isEqualTo("bad-request");
    assertThat(answer("{\"type\":\"join\",\"room\":\"r2\",\"id\":\"j\"}").path("code").asText())
        .as("a join for another room than the connection's").isEqualTo("room-mismatch");
  }

  /** docs/protocol.md's "Client → server" table and the message table name the same types. */
  @Test
  void theTableAndTheProtocolDocumentNameTheSameTypes() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "protocol.md"));
    int from = doc.indexOf("| `type` | fields | reply |", doc.indexOf("### Client → server"));
    int to = doc.indexOf("\n\n", from); // the table ends at the first blank line
    Matcher m = Pattern.compile("(?m)^\\| `([a-z.]+)` \\|").matcher(doc.substring(from, to));
    Set<String> documented = new TreeSet<>();
    while (m.find()) documented.add(m.group(1));
    documented.remove("type"); // the header row
    assertThat(documented).isEqualTo(new TreeSet<>(MessageTable.ROWS.keySet()));
  }
}
