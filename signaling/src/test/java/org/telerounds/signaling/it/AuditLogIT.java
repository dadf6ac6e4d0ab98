package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.signaling.auth.Role;

/**
 * The tamper-evident audit log with the real server and embedded S3 store: verify is incremental
 * and a full check is a pollable background job; an edit with every later entry re-hashed is
 * caught; entries truncated or rewritten while the server is stopped are caught after a restart;
 * a flood of camera commands is coalesced and auditors are still served; an entry restored
 * without its extended attributes does not take the audit API down.
 */
class AuditLogIT {
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void incrementalAndFullVerifyCatchARehashedForgeryAndSurviveARestoredObject() throws Exception {
    try (TestServer server = new TestServer()) {
      String auditor = server.tokenFor("qc-wang", Role.AUDITOR);
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      for (int i = 0; i < 8; i++) assertThat(get(server, "/api/rounds", auditor).statusCode()).isEqualTo(200);
      JsonNode first = verify(server, auditor);
      assertThat(first.path("valid").asBoolean()).as("%s", first).isTrue();
      assertThat(first.path("checked").asLong()).isGreaterThanOrEqualTo(8);
      JsonNode second = verify(server, auditor);
      assertThat(second.path("valid").asBoolean()).isTrue();
      assertThat(second.path("entries").asLong()).isGreaterThan(first.path("entries").asLong());
      // Only the anchor and what came since (the first verify's own entry) are read again.
      assertThat(second.path("checked").asLong()).isLessThanOrEqualTo(3);

      JsonNode job = full(server, auditor);
      assertThat(job.path("result").path("valid").asBoolean()).as("%s", job).isTrue();
      assertThat(job.path("checked").asLong()).isEqualTo(job.path("total").asLong()).isGreaterThanOrEqualTo(10);

      // An entry restored from a backup without its extended attributes: the API keeps working.
      Path restored = entryFile(server.recordings, 3);
      byte[] raw = Files.readAllBytes(restored);
      Path copy = restored.resolveSibling("restore.tmp");
      Files.write(copy, raw);
      Files.move(copy, restored, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThat(get(server, "/api/audit?limit=1000", admin).statusCode()).isEqualTo(200);
      assertThat(get(server, "/api/rounds", auditor).statusCode()).isEqualTo(200);
      assertThat(verify(server, auditor).path("valid").asBoolean()).isTrue();
      assertThat(full(server, admin).path("result").path("valid").asBoolean()).isTrue();

      // Edit entry 2 and re-link, re-hash every entry after it, as anyone who can write the bucket could.
      ObjectStore store = server.server.recorder().store();
      long head = rehashFrom(store, 2, "someone-else");
      JsonNode caught = verify(server, auditor);
      assertThat(caught.path("valid").asBoolean()).as("%s", caught).isFalse();
      JsonNode fullCaught = full(server, admin);
      assertThat(fullCaught.path("result").path("valid").asBoolean()).isFalse();
      assertThat(fullCaught.path("result").path("firstBadSeq").asLong()).isEqualTo(2);
      assertThat(fullCaught.path("result").path("reason").asText()).contains("forged");
      assertThat(head).isGreaterThan(2);
    }
  }

  @Test
  void entriesTruncatedWhileTheServerIsStoppedAreCaughtAfterARestart() throws Exception {
    Path dir;
    try (TestServer first = new TestServer()) {
      dir = first.recordings;
      String auditor = first.tokenFor("qc-wang", Role.AUDITOR);
      for (int i = 0; i < 10; i++) assertThat(get(first, "/api/rounds", auditor).statusCode()).isEqualTo(200);
      assertThat(verify(first, auditor).path("valid").asBoolean()).isTrue();
      assertThat(get(first, "/api/rounds", auditor).statusCode()).isEqualTo(200);
    }
    long last = lastSeq(dir);
    for (long s = last; s > last - 3; s--) Files.delete(entryFile(dir, s)); // server stopped
    try (TestServer second = new TestServer(restart(dir))) {
      String auditor = second.tokenFor("qc-wang", Role.AUDITOR);
      JsonNode v = verify(second, auditor);
      assertThat(v.path("valid").asBoolean()).as("%s", v).isFalse();
      assertThat(v.path("reason").asText()).containsAnyOf("missing", "truncated");
      JsonNode job = full(second, auditor);
      assertThat(job.path("result").path("valid").asBoolean()).isFalse();
    }
  }

  @Test
  void aRewriteAcrossARestartIsCaught() throws Exception {
    Path dir;
    try (TestServer first = new TestServer()) {
      dir = first.recordings;
      String auditor = first.tokenFor("qc-wang", Role.AUDITOR);
      for (int i = 0; i < 10; i++) assertThat(get(first, "/api/rounds", auditor).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> first.server.recorder().store().list("audit/").size() >= 10);
      rehashFrom(first.server.recorder().store(), 4, "nobody"); // no verify ran: nothing is known verified
    }
    try (TestServer second = new TestServer(restart(dir))) {
      String auditor = second.tokenFor("qc-wang", Role.AUDITOR);
      JsonNode v = verify(second, auditor);
      assertThat(v.path("valid").asBoolean()).as("%s", v).isFalse();
      JsonNode job = full(second, auditor);
      assertThat(job.path("result").path("valid").asBoolean()).isFalse();
      assertThat(job.path("result").path("firstBadSeq").asLong()).isEqualTo(4);
    }
  }

  @Test
  void aLogFromThePreviousReleaseIsSealedAtUpgradeAndVerifiesAsLegacy() throws Exception {
    Path dir;
    String oldHead = "0".repeat(64);
    try (TestServer previous = new TestServer()) { // stands in for the old release: no request, so no entry
      dir = previous.recordings;
      ObjectStore store = previous.server.recorder().store();
      // the writer finds its place on its own thread after start: write the old entries only once
      // it has (before, it sometimes raced them, and found entry 1 half-written)
      await().atMost(Duration.ofSeconds(30)).until(() ->
          ((org.telerounds.signaling.audit.AuditService) previous.server.audit()).chain().resumed());
      assertThat(store.list("audit/")).isEmpty();
      for (long seq = 1; seq <= 4; seq++) { // the previous release's format: plain SHA-256 chain (13405c2)
        ObjectNode e = WsClient.JSON.createObjectNode().put("seq", seq).put("atMillis", 1_700_000_000_000L + seq)
            .put("actor", "qc-old").put("role", "auditor").put("from", "10.0.0.9").put("target", "-")
            .put("action", "rounds.list").put("detail", "").put("outcome", "ok").put("prev", oldHead);
        oldHead = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(e.toString().getBytes(StandardCharsets.UTF_8)));
        e.put("hash", oldHead);
        store.putBytes(key(seq), e.toString().getBytes(StandardCharsets.UTF_8), "application/json");
      }
    }
    try (TestServer upgraded = new TestServer(restart(dir))) {
      String auditor = upgraded.tokenFor("qc-wang", Role.AUDITOR);
      String admin = upgraded.tokenFor("it-admin", Role.ADMIN);
      JsonNode v = verify(upgraded, auditor);
      assertThat(v.path("valid").asBoolean()).as("%s", v).isTrue();
      assertThat(v.path("legacyEntries").asLong()).isEqualTo(4);
      assertThat(v.path("entries").asLong()).isGreaterThanOrEqualTo(5);
      JsonNode seal = json(get(upgraded, "/api/audit?from=5&limit=1", admin)).path("entries").path(0);
      assertThat(seal.path("action").asText()).isEqualTo("audit.legacy-sealed");
      assertThat(seal.path("prev").asText()).isEqualTo(oldHead);
      assertThat(seal.path("keyId").asText()).isNotEmpty();
      JsonNode job = full(upgraded, auditor);
      assertThat(job.path("result").path("valid").asBoolean()).as("%s", job).isTrue();
      assertThat(job.path("result").path("legacyEntries").asLong()).isEqualTo(4);
    }
  }

  @Test
  void aFloodOfCameraCommandsIsCoalescedAndAuditorsAreServed() throws Exception {
    try (TestServer server = new TestServer(); WsClient expert = new WsClient(server.ws(), "icu-bed4",
        server.tokenFor("dr-flood", Role.EXPERT, "icu-bed4"))) {
      String auditor = server.tokenFor("qc-wang", Role.AUDITOR);
      String admin = server.tokenFor("it-admin", Role.ADMIN);
      expert.send("{\"type\":\"join\"}");
      expert.next("joined");
      int sent = 3000;
      for (int i = 0; i < sent; i++) {
        expert.send("{\"type\":\"camera.control\",\"target\":\"cart-x\",\"camera\":\"camera:room\","
            + "\"action\":\"relative\",\"pan\":" + (i % 7) + "}");
        if (i % 500 == 0) assertThat(get(server, "/api/rounds", auditor).statusCode()).isEqualTo(200);
      }
      assertThat(get(server, "/api/rounds", auditor).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(commandsIn(server, admin)).isEqualTo(sent));
      List<JsonNode> mine = cameraEntries(server, admin);
      assertThat(mine.size()).as("entries for %d commands", sent).isLessThan(60);
      assertThat(mine).anyMatch(e -> e.path("outcome").asText().equals("coalesced"));
      assertThat(server.server.registry().scrape()).contains("telerounds_audit_coalesced");
    }
  }

  // --- helpers

  static Map<String, Object> restart(Path dir) {
    return Map.of("telerounds.recorder.spool-dir", dir.resolve("spool").toString(),
        "telerounds.recorder.storage.embedded-dir", dir.resolve("s3").toString(),
        "telerounds.recorder.storage.embedded-key-file", "", // secrets-dir/s3-encryption.key, as at first start
        "telerounds.recorder.storage.secrets-dir", dir.resolve("secrets").toString(),
        "telerounds.audit.key-file", dir.resolve("secrets/audit.keys").toString(),
        "telerounds.audit.checkpoint-file", dir.resolve("secrets/audit-checkpoints.jsonl").toString());
  }

  private List<JsonNode> cameraEntries(TestServer server, String admin) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (long from = 1; ; from += 1000) {
      JsonNode page = json(get(server, "/api/audit?limit=1000&from=" + from, admin));
      page.path("entries").forEach(e -> {
        if (e.path("actor").asText().equals("dr-flood") && e.path("action").asText().equals("camera.control")) {
          out.add(e);
        }
      });
      if (page.path("entries").size() < 1000) return out;
    }
  }

  private long commandsIn(TestServer server, String admin) throws Exception {
    long n = 0;
    for (JsonNode e : cameraEntries(server, admin)) {
      String d = e.path("detail").asText();
      n += e.path("outcome").asText().equals("coalesced") ? Long.parseLong(d.substring(1, d.indexOf(' '))) : 1;
    }
    return n;
  }

  /** Edits entry {@code from}'s actor and re-links and re-hashes it and every later one; the head seq. */
  static long rehashFrom(ObjectStore store, long from, String actor) throws Exception {
    String prev = from == 1 ? "0".repeat(64) : WsClient.JSON.readTree(store.get(key(from - 1))).path("hash").asText();
    long seq = from;
    for (byte[] b; (b = store.getIfExists(key(seq))) != null; seq++) {
      ObjectNode e = (ObjectNode) WsClient.JSON.readTree(b);
      if (seq == from) e.put("actor", actor);
      e.put("prev", prev);
      ObjectNode body = e.deepCopy();
      body.remove("hash");
      body.remove("mac");
      prev = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(body.toString().getBytes(StandardCharsets.UTF_8)));
      e.put("hash", prev);
      store.putBytes(key(seq), e.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }
    return seq - 1;
  }

  static String key(long seq) {
    return String.format("audit/%020d.json", seq);
  }

  static Path entryFile(Path recordings, long seq) throws Exception {
    String name = String.format("%020d.json", seq);
    try (Stream<Path> s = Files.walk(recordings.resolve("s3"))) {
      return s.filter(p -> p.getParent().getFileName().toString().equals("audit")
          && p.getFileName().toString().startsWith(name)).findFirst().orElseThrow();
    }
  }

  static long lastSeq(Path recordings) throws Exception {
    try (Stream<Path> s = Files.walk(recordings.resolve("s3"))) {
      return s.filter(p -> p.getParent().getFileName().toString().equals("audit"))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString().substring(0, 20))).max().orElseThrow();
    }
  }

  JsonNode verify(TestServer server, String token) throws Exception {
    HttpResponse<String> r = get(server, "/api/audit/verify", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  /** Starts a full verify, polls it until done, and returns the job. */
  JsonNode full(TestServer server, String token) throws Exception {
    HttpResponse<String> started = send("POST", server.http() + "/api/audit/verify/full", token);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String poll = json(started).path("poll").asText();
    JsonNode[] job = new JsonNode[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      job[0] = json(get(server, poll, token));
      assertThat(job[0].path("checked").asLong()).isLessThanOrEqualTo(job[0].path("total").asLong());
      return !job[0].path("state").asText().equals("running");
    });
    assertThat(job[0].path("state").asText()).isEqualTo("done");
    return job[0];
  }

  HttpResponse<String> get(TestServer server, String path, String token) throws Exception {
    return send("GET", server.http() + path, token);
  }

  HttpResponse<String> send(String method, String url, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return WsClient.JSON.readTree(r.body());
  }
}
