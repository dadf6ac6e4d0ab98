package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.signaling.auth.Role;

/**
 * The archive REST API with the real embedded object store (S3Proxy) and the hash-chained audit
 * log in it: experts and carts cannot list or download; auditors find rounds by cart, ward,
 * participant and date, read manifests and transcripts and get download links that work, but
 * cannot delete; admins hold and delete only what retention allows; every action is in the audit
 * log, and a tampered entry fails verification.
 */
class ArchiveAccessIT {
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void auditorsFindAndFetchRoundsEveryAccessIsAuditedAndTamperingIsFound() throws Exception {
    Map<String, Object> overrides = Map.of("telerounds.recorder.retention.rules",
        List.of(Map.of("ward", "day-surgery", "keep", "0d")));
    try (TestServer server = new TestServer(overrides)) {
      ObjectStore store = server.server.recorder().store();
      String icu = "20261130T081500Z-icu-bed4-a1b2";
      String day = "20261201T093000Z-ds-bed1-c3d4";
      byte[] composite = "not really an mp4, but bytes to download".getBytes(StandardCharsets.UTF_8);
      store.putBytes("rounds/" + icu + "/composite.mp4", composite, "video/mp4");
      store.putBytes("rounds/" + icu + "/transcript.json", ("{\"round\":\"" + icu + "\",\"captions\":[{\"type\":"
          + "\"caption.final\",\"utterance\":1,\"label\":\"Patient\",\"role\":\"voice:enhanced\",\"start\":1200,"
          + "\"end\":2500,\"text\":\"my chest hurts\"}]}").getBytes(StandardCharsets.UTF_8), "application/json");
      store.putBytes("rounds/" + icu + "/manifest.json", manifest(icu, "cart-0042", "icu", "dr-lee",
          java.time.Instant.parse("2026-11-30T08:15:00Z").toEpochMilli(), composite).getBytes(StandardCharsets.UTF_8), "application/json");
      store.putBytes("rounds/" + day + "/manifest.json", manifest(day, "cart-0107", "day-surgery", "dr-chen",
          java.time.Instant.parse("2026-12-01T09:30:00Z").toEpochMilli(), null).getBytes(StandardCharsets.UTF_8), "application/json");

      String base = server.http() + "/api/rounds";
      String expert = server.tokenFor("dr-lee", Role.EXPERT, "icu-bed4");
      String cart = server.tokenFor("cart-0042", Role.CART, "icu-bed4");
      String auditor = server.tokenFor("qc-wang", Role.AUDITOR);
      String admin = server.tokenFor("it-admin", Role.ADMIN);

      // Experts and carts cannot list or download; no token at all is 401.
      assertThat(call("GET", base, null).statusCode()).isEqualTo(401);
      for (String t : List.of(expert, cart)) {
        assertThat(call("GET", base, t).statusCode()).isEqualTo(403);
        assertThat(call("GET", base + "/" + icu, t).statusCode()).isEqualTo(403);
        assertThat(call("GET", base + "/" + icu + "/download", t).statusCode()).isEqualTo(403);
      }

      // Auditors search by cart, ward, participant and date range.
      assertThat(ids(call("GET", base, auditor))).containsExactly(day, icu);
      assertThat(ids(call("GET", base + "?cart=cart-0042", auditor))).containsExactly(icu);
      assertThat(ids(call("GET", base + "?ward=day-surgery", auditor))).containsExactly(day);
      assertThat(ids(call("GET", base + "?participant=dr-lee", auditor))).containsExactly(icu);
      assertThat(ids(call("GET", base + "?from=2026-12-01&to=2026-12-01", auditor))).containsExactly(day);
      assertThat(ids(call("GET", base + "?to=2026-11-30", auditor))).containsExactly(icu);
      HttpResponse<String> bad = call("GET", base + "?from=yesterday", auditor);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("from must be a date");

      // ... read the manifest and the transcript, and download through a short-lived link.
      HttpResponse<String> view = call("GET", base + "/" + icu, auditor);
      assertThat(view.statusCode()).isEqualTo(200);
      assertThat(json(view).path("manifest").path("cartId").asText()).isEqualTo("cart-0042");
      HttpResponse<String> transcript = call("GET", base + "/" + icu + "/transcript", auditor);
      assertThat(json(transcript).path("transcript").path("captions").get(0).path("text").asText())
          .isEqualTo("my chest hurts");
      assertThat(call("GET", base + "/" + day + "/transcript", auditor).statusCode()).isEqualTo(404);
      JsonNode link = json(call("GET", base + "/" + icu + "/download", auditor));
      assertThat(link.path("key").asText()).isEqualTo("rounds/" + icu + "/composite.mp4");
      HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(link.path("url").asText())).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.body()).isEqualTo(composite);
      assertThat(call("GET", base + "/" + icu + "/download?key=audit/00000000000000000001.json", auditor)
          .statusCode()).isEqualTo(404);
      assertThat(call("GET", base + "/no-such-round", auditor).statusCode()).isEqualTo(404);

      // Auditors cannot delete; admins cannot delete before retention ends or under legal hold.
      assertThat(call("DELETE", base + "/" + day, auditor).statusCode()).isEqualTo(403);
      assertThat(call("PUT", base + "/" + day + "/legal-hold", auditor, "{\"hold\":true,\"reason\":\"x\"}")
          .statusCode()).isEqualTo(403);
      HttpResponse<String> kept = call("DELETE", base + "/" + icu, admin);
      assertThat(kept.statusCode()).isEqualTo(409);
      assertThat(json(kept).path("code").asText()).isEqualTo("retention");
      assertThat(ids(call("GET", base + "/expired", admin))).containsExactly(day);
      assertThat(call("PUT", base + "/" + day + "/legal-hold", admin, "{\"hold\":true}").statusCode()).isEqualTo(400);
      HttpResponse<String> freeText = call("PUT", base + "/" + day + "/legal-hold", admin,
          "{\"hold\":true,\"reason\":\"complaint by Jane Doe\"}");
      assertThat(freeText.statusCode()).isEqualTo(400);
      assertThat(json(freeText).path("message").asText()).contains("free-text").contains("caseNumber");
      assertThat(call("PUT", base + "/" + day + "/legal-hold", admin,
          "{\"hold\":true,\"caseNumber\":\"Jane Doe\",\"reasonCode\":\"complaint\"}").statusCode()).isEqualTo(400);
      assertThat(call("PUT", base + "/" + day + "/legal-hold", admin,
          "{\"hold\":true,\"caseNumber\":\"CMP-2026-117\",\"reasonCode\":\"because\"}").statusCode()).isEqualTo(400);
      HttpResponse<String> held = call("PUT", base + "/" + day + "/legal-hold", admin,
          "{\"hold\":true,\"caseNumber\":\"CMP-2026-117\",\"reasonCode\":\"complaint\"}");
      assertThat(json(held).path("round").path("legalHold").path("on").asBoolean()).isTrue();
      assertThat(json(call("DELETE", base + "/" + day, admin)).path("code").asText()).isEqualTo("legal-hold");
      assertThat(call("PUT", base + "/" + day + "/legal-hold", admin, "{\"hold\":false}").statusCode()).isEqualTo(200);
      HttpResponse<String> deleted = call("DELETE", base + "/" + day, admin);
      assertThat(deleted.statusCode()).isEqualTo(200);
      assertThat(json(deleted).path("objects").asInt()).isEqualTo(2); // manifest + legal-hold.json
      assertThat(store.list("rounds/" + day + "/")).isEmpty();
      assertThat(ids(call("GET", base, auditor))).containsExactly(icu);

      // Every action is in the audit log, with who, what, when and from where; only admins read it.
      assertThat(call("GET", server.http() + "/api/audit", auditor).statusCode()).isEqualTo(403);
      List<JsonNode> entries = new ArrayList<>();
      // Refusals are written without waiting for the store: the last one may still be on its way.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
        entries.clear();
        json(call("GET", server.http() + "/api/audit?limit=1000", admin)).path("entries").forEach(entries::add);
        return entries.stream().anyMatch(e -> e.path("action").asText().equals("audit.read")
            && e.path("outcome").asText().equals("forbidden"));
      });
      List<String> auditorActions = entries.stream().filter(e -> e.path("actor").asText().equals("qc-wang"))
          .map(e -> e.path("action").asText() + ":" + e.path("outcome").asText()).toList();
      assertThat(auditorActions).contains("rounds.list:ok", "round.view:ok", "round.transcript:ok",
          "round.transcript:none", "round.download:ok", "round.download:not-listed", "round.view:not-found",
          "round.delete:forbidden", "round.legal-hold:forbidden", "audit.read:forbidden");
      assertThat(entries.stream().filter(e -> e.path("actor").asText().equals("dr-lee"))
          .map(e -> e.path("action").asText() + ":" + e.path("outcome").asText()))
          .contains("rounds.list:forbidden", "round.download:forbidden");
      assertThat(entries.stream().filter(e -> e.path("actor").asText().equals("it-admin"))
          .map(e -> e.path("action").asText() + ":" + e.path("outcome").asText()))
          .contains("round.delete:refused", "round.legal-hold:applied", "round.delete:deleted");
      JsonNode download = entries.stream().filter(e -> e.path("action").asText().equals("round.download")
          && e.path("outcome").asText().equals("ok")).findFirst().orElseThrow();
      assertThat(download.path("from").asText()).isEqualTo("127.0.0.1");
      assertThat(download.path("target").asText()).isEqualTo(icu);
      assertThat(download.path("detail").asText()).isEqualTo("rounds/" + icu + "/composite.mp4");
      assertThat(download.path("atMillis").asLong()).isGreaterThan(0);
      assertThat(entries.toString()).doesNotContain("chest hurts").doesNotContain(auditor);

      // The chain verifies; a tampered entry does not.
      JsonNode ok = json(call("GET", server.http() + "/api/audit/verify", auditor));
      assertThat(ok.path("valid").asBoolean()).as("%s", ok).isTrue();
      assertThat(ok.path("entries").asLong()).isGreaterThanOrEqualTo(entries.size());
      long seq = download.path("seq").asLong();
      String key = String.format("audit/%020d.json", seq);
      ObjectNode forged = (ObjectNode) WsClient.JSON.readTree(store.get(key));
      forged.put("detail", "rounds/" + icu + "/manifest.json");
      store.putBytes(key, forged.toString().getBytes(StandardCharsets.UTF_8), "application/json");
      // An old entry edited in place is found by the full check (the incremental one reads only new entries).
      String poll = json(call("POST", server.http() + "/api/audit/verify/full", admin)).path("poll").asText();
      JsonNode[] job = new JsonNode[1];
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
          !(job[0] = json(call("GET", server.http() + poll, admin))).path("state").asText().equals("running"));
      JsonNode broken = job[0].path("result");
      assertThat(broken.path("valid").asBoolean()).as("%s", job[0]).isFalse();
      assertThat(broken.path("firstBadSeq").asLong()).isEqualTo(seq);
      assertThat(broken.path("reason").asText()).contains("altered");
    }
  }

  static String manifest(String id, String cartId, String ward, String expert, long started, byte[] composite)
      throws Exception {
    ObjectNode m = WsClient.JSON.createObjectNode().put("format", "telerounds-round/1").put("roundId", id)
        .put("status", "complete").put("room", id.split("-", 2)[1]).put("cartId", cartId).put("hospital", "general")
        .put("ward", ward).put("startedMillis", started).put("endedMillis", started + 600_000);
    m.putArray("participants").addObject().put("participantId", "expert-1").put("subject", expert)
        .put("role", "expert").put("joinedMillis", started);
    m.putArray("tracks");
    if (composite != null) {
      m.putObject("composite").put("key", "rounds/" + id + "/composite.mp4").put("size", composite.length)
          .put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(composite)));
      m.putArray("transcripts").addObject().put("key", "rounds/" + id + "/transcript.json");
    } else {
      m.putArray("transcripts");
    }
    return m.toString();
  }

  HttpResponse<String> call(String method, String url, String token) throws Exception {
    return call(method, url, token, null);
  }

  HttpResponse<String> call(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return WsClient.JSON.readTree(r.body());
  }

  static List<String> ids(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    json(r).path("rounds").forEach(x -> out.add(x.path("roundId").asText()));
    return out;
  }
}
