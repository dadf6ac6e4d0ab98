package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;

/**
 * No race (issue 12): 20 participants join one room at once, across both HTTP event loops, and
 * leave at once, 50 times. Each must end up knowing exactly the 19 others (from its {@code joined}
 * list and the {@code participant.joined} events after it), nobody may hear of a participant twice,
 * and after every round the room is empty: no member left behind, no internal error sent.
 */
class JoinLeaveStressIT {
  static final int PARTICIPANTS = 20;
  static final int ROUNDS = 50;

  @Test
  void concurrentJoinsAndLeavesLeaveAConsistentRoom() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PARTICIPANTS);
    try (TestServer server = new TestServer(java.util.Map.of("telerounds.signaling.resume-window", "0s"))) {
      for (int round = 0; round < ROUNDS; round++) {
        String room = "stress-" + round;
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
          clients.add(new WsClient(server.ws(), room, server.tokenFor("expert-" + i, Role.EXPERT, room)));
        }
        allAtOnce(pool, clients, "{\"type\":\"join\",\"id\":\"j\"}");
        List<View> views = new ArrayList<>();
        for (WsClient c : clients) views.add(new View(c));
        int r = round;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          for (View v : views) assertThat(v.poll().self).as("round %d: joined", r).isNotNull();
        });
        Set<String> all = new HashSet<>();
        views.forEach(v -> all.add(v.self));
        assertThat(all).hasSize(PARTICIPANTS);
        for (View v : views) {
          Set<String> others = new HashSet<>(all);
          others.remove(v.self);
          await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
              assertThat(v.poll().known).as("round %d: whom %s knows of", r, v.self).isEqualTo(others));
          assertThat(v.eventBeforeJoined).as("round %d: %s heard of others before its own joined", r, v.self).isNull();
        }
        allAtOnce(pool, clients, "{\"type\":\"leave\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          JsonNode health = health(server);
          assertThat(health.path("participants").asInt()).as("participants after round %d", r).isZero();
          assertThat(health.path("rooms").asInt()).as("rooms after round %d", r).isZero();
        });
        for (WsClient c : clients) c.close();
      }
      assertThat(server.metric("telerounds_signaling_errors_total", "code=\"internal\"")).as("internal errors sent")
          .isZero();
      assertThat(server.metric("telerounds_signaling_endpoints", "")).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every client sends {@code text} at the same moment, from its own thread. */
  private static void allAtOnce(ExecutorService pool, List<WsClient> clients, String text) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> sent = new ArrayList<>();
    for (WsClient c : clients) {
      sent.add(pool.submit(() -> {
        go.await();
        c.send(text);
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : sent) f.get(60, TimeUnit.SECONDS);
  }

  /** What one client was told: its own id (from joined) and the others (joined list, then events). */
  static final class View {
    final WsClient c;
    String self;
    final Set<String> known = new HashSet<>();
    String eventBeforeJoined;

    View(WsClient c) {
      this.c = c;
    }

    View poll() {
      for (JsonNode m; (m = c.inbox.poll()) != null; ) {
        switch (m.path("type").asText()) {
          case "joined" -> {
            self = m.path("participantId").asText();
            m.path("participants").forEach(p -> assertThat(known.add(p.path("participantId").asText()))
                .as("heard of %s twice", p).isTrue());
          }
          case "participant.joined" -> {
            if (self == null) eventBeforeJoined = m.toString();
            assertThat(known.add(m.path("participantId").asText()))
                .as("heard of %s twice", m.path("participantId").asText()).isTrue();
          }
          case "participant.left" -> known.remove(m.path("participantId").asText());
          default -> { }
        }
      }
      return this;
    }
  }

  private static JsonNode health(TestServer server) throws Exception {
    return WsClient.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.http() + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
