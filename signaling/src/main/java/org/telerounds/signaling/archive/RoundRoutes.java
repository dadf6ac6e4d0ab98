package org.telerounds.signaling.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.telerounds.recorder.Recorder;
import org.telerounds.recorder.archive.ArchivedRound;
import org.telerounds.recorder.archive.RoundArchive;
import org.telerounds.recorder.archive.RoundQuery;
import org.telerounds.recorder.store.StoreException;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.ws.Json;

/**
 * {@code /api/rounds}: auditors and admins find rounds and fetch manifests, transcripts and
 * short-lived download links; admins put legal holds and delete rounds whose retention has ended.
 * Every call, refused ones included, is written to the audit log before anything is served.
 * Runs on the blocking executor.
 */
final class RoundRoutes {
  private static final Pattern ROUND = Pattern.compile("/api/rounds/([A-Za-z0-9._-]{1,128})(/[a-z-]+)?");
  private final RoundArchive archive;
  private final AccessAudit audit;
  private final Supplier<List<Recorder.RoundInProgress>> inProgress;

  RoundRoutes(RoundArchive archive, AccessAudit audit, Supplier<List<Recorder.RoundInProgress>> inProgress) {
    this.archive = archive;
    this.audit = audit;
    this.inProgress = inProgress;
  }

  void handle(RestCall call) throws StoreException, IOException {
    Role role = call.claims().role();
    boolean reader = role == Role.AUDITOR || role == Role.ADMIN;
    String path = call.path();
    if (path.equals("/api/rounds") || path.equals("/api/rounds/")) {
      if (!require(call, reader && call.method().equals("GET"), "-", "rounds.list")) return;
      list(call);
      return;
    }
    if (path.equals("/api/rounds/expired")) {
      if (!require(call, role == Role.ADMIN && call.method().equals("GET"), "-", "rounds.expired")) return;
      expired(call);
      return;
    }
    Matcher m = ROUND.matcher(path);
    if (!m.matches()) {
      call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no such path");
      return;
    }
    String id = m.group(1);
    String op = m.group(2) == null ? "" : m.group(2);
    String method = call.method();
    switch (op) {
      case "" -> {
        if (method.equals("DELETE")) {
          if (require(call, role == Role.ADMIN, id, "round.delete")) delete(call, id);
        } else if (require(call, reader && method.equals("GET"), id, "round.view")) {
          view(call, id);
        }
      }
      case "/download" -> {
        if (require(call, reader && method.equals("GET"), id, "round.download")) download(call, id);
      }
      case "/transcript" -> {
        if (require(call, reader && method.equals("GET"), id, "round.transcript")) transcript(call, id);
      }
      case "/legal-hold" -> {
        if (require(call, role == Role.ADMIN && method.equals("PUT"), id, "round.legal-hold")) legalHold(call, id);
      }
      default -> call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no such path");
    }
  }

  /** Refuses (403, audited) unless {@code allowed}. */
  private boolean require(RestCall call, boolean allowed, String target, String action) {
    if (allowed) return true;
    audit.refused(call, target, action, call.method() + " " + call.path());
    call.error(HttpResponseStatus.FORBIDDEN, "forbidden",
        "role " + call.claims().role().wireName() + " may not " + call.method() + " " + call.path());
    return false;
  }

  private void list(RestCall call) throws StoreException {
    RoundQuery q;
    try {
      q = query(call);
    } catch (IllegalArgumentException e) {
      call.error(HttpResponseStatus.BAD_REQUEST, "bad-query", e.getMessage());
      return;
    }
    List<ArchivedRound> found = archive.search(q).stream().filter(r -> inScope(call.claims(), r)).toList();
    List<ObjectNode> pending = pending(call.claims(), q);
    String detail = describe(q) + " -> " + found.size() + (pending.isEmpty() ? "" : " + " + pending.size()
        + " in progress");
    if (!audit.logged(call, "-", "rounds.list", detail, "ok")) return;
    ObjectNode out = Json.message("rounds");
    ArrayNode list = out.putArray("rounds");
    pending.forEach(list::add);
    found.forEach(r -> list.add(summary(r)));
    call.reply(HttpResponseStatus.OK, out);
  }

  /**
   * Rounds still being recorded or finished (no manifest yet), so a just-ended round shows up at
   * once as {@code in-progress}. Only for searches by date alone: cart, ward and participant are
   * known from the manifest; and not for auditors limited to some wards.
   */
  private List<ObjectNode> pending(Claims c, RoundQuery q) throws StoreException {
    boolean allWards = c.role() == Role.ADMIN || c.wards().isEmpty() || c.wards().contains("*");
    if (!allWards || q.cartId() != null || q.hospital() != null || q.ward() != null || q.participant() != null) {
      return List.of();
    }
    List<ObjectNode> out = new java.util.ArrayList<>();
    List<Recorder.RoundInProgress> open = new java.util.ArrayList<>(inProgress.get());
    open.sort(java.util.Comparator.comparingLong(Recorder.RoundInProgress::startedMillis).reversed());
    for (Recorder.RoundInProgress r : open) {
      long started = r.startedMillis();
      if (archive.find(r.roundId()).isPresent() || (q.fromMillis() != null && started < q.fromMillis())
          || (q.toMillis() != null && started >= q.toMillis())) {
        continue;
      }
      out.add(Json.MAPPER.createObjectNode().put("roundId", r.roundId()).put("room", r.room())
          .put("startedMillis", started).put("status", "in-progress"));
    }
    return out;
  }

  private void expired(RestCall call) throws StoreException {
    List<ArchivedRound> found = archive.expired();
    if (!audit.logged(call, "-", "rounds.expired", found.size() + " round(s)", "ok")) return;
    ObjectNode out = Json.message("rounds");
    ArrayNode list = out.putArray("rounds");
    found.forEach(r -> list.add(summary(r)));
    call.reply(HttpResponseStatus.OK, out);
  }

  private Optional<ArchivedRound> visible(RestCall call, String id, String action) throws StoreException {
    Optional<ArchivedRound> r = archive.find(id).filter(x -> inScope(call.claims(), x));
    if (r.isEmpty()) {
      if (audit.logged(call, id, action, "", "not-found")) {
        call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no finished round " + id);
      }
    }
    return r;
  }

  private void view(RestCall call, String id) throws StoreException, IOException {
    Optional<ArchivedRound> r = visible(call, id, "round.view");
    if (r.isEmpty()) return;
    byte[] manifest = archive.manifest(r.get());
    if (!audit.logged(call, id, "round.view", "manifest", "ok")) return;
    ObjectNode out = Json.message("round");
    out.set("round", summary(r.get()));
    out.set("manifest", Json.MAPPER.readTree(manifest));
    call.reply(HttpResponseStatus.OK, out);
  }

  private void download(RestCall call, String id) throws StoreException {
    Optional<ArchivedRound> r = visible(call, id, "round.download");
    if (r.isEmpty()) return;
    String key = call.param("key");
    if (key == null) key = r.get().keys().stream().filter(k -> k.endsWith("/composite.mp4")).findFirst()
        .orElse(r.get().manifestKey());
    RoundArchive.Download d;
    try {
      d = archive.presign(r.get(), key);
    } catch (IllegalArgumentException e) {
      if (audit.logged(call, id, "round.download", key, "not-listed")) {
        call.error(HttpResponseStatus.NOT_FOUND, "not-listed", "the round's manifest lists no object " + key);
      }
      return;
    }
    if (!audit.logged(call, id, "round.download", key, "ok")) return;
    call.reply(HttpResponseStatus.OK, Json.message("download").put("key", d.key()).put("url", d.url())
        .put("expiresAt", d.expiresAt().toString()));
  }

  private void transcript(RestCall call, String id) throws StoreException, IOException {
    Optional<ArchivedRound> r = visible(call, id, "round.transcript");
    if (r.isEmpty()) return;
    Optional<String> key = r.get().keys().stream().filter(k -> k.contains("/transcript") && k.endsWith(".json"))
        .findFirst();
    if (key.isEmpty()) {
      if (audit.logged(call, id, "round.transcript", "", "none")) {
        call.error(HttpResponseStatus.NOT_FOUND, "no-transcript", "round " + id + " has no transcript");
      }
      return;
    }
    byte[] t = archive.read(r.get(), key.get());
    if (!audit.logged(call, id, "round.transcript", key.get(), "ok")) return;
    ObjectNode out = Json.message("transcript").put("key", key.get());
    out.set("transcript", Json.MAPPER.readTree(t));
    call.reply(HttpResponseStatus.OK, out);
  }

  private void legalHold(RestCall call, String id) throws StoreException {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(call.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject() || !body.path("hold").isBoolean()) {
      call.error(HttpResponseStatus.BAD_REQUEST, "bad-request", "body must be {\"hold\": true, \"caseNumber\": "
          + "\"LIT-2026-0117\", \"reasonCode\": \"litigation\"} or {\"hold\": false}");
      return;
    }
    boolean on = body.get("hold").asBoolean();
    String reason = "";
    if (on) {
      try {
        reason = LegalHoldReason.parse(body).text();
      } catch (IllegalArgumentException e) {
        call.error(HttpResponseStatus.BAD_REQUEST, "bad-reason", e.getMessage());
        return;
      }
    }
    String detail = on ? "on: " + reason : "off";
    if (archive.find(id).isEmpty()) {
      if (audit.logged(call, id, "round.legal-hold", detail, "not-found")) {
        call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no finished round " + id);
      }
      return;
    }
    if (!audit.logged(call, id, "round.legal-hold", detail, "requested")) return;
    Optional<ArchivedRound> r = archive.setLegalHold(id, on, reason, call.claims().subject());
    audit.logged(call, id, "round.legal-hold", detail, "applied");
    ObjectNode out = Json.message("round");
    out.set("round", summary(r.orElseThrow()));
    call.reply(HttpResponseStatus.OK, out);
  }

  private void delete(RestCall call, String id) throws StoreException {
    if (!audit.logged(call, id, "round.delete", "", "requested")) return;
    RoundArchive.Deletion d = archive.delete(id);
    if (d instanceof RoundArchive.Deletion.Held h) {
      audit.logged(call, id, "round.delete", "legal hold: " + h.round().hold().reason(), "refused");
      call.error(HttpResponseStatus.CONFLICT, "legal-hold", "round " + id + " is on legal hold");
    } else if (d instanceof RoundArchive.Deletion.Retained k) {
      audit.logged(call, id, "round.delete", "retained until " + k.round().retainUntil(), "refused");
      call.error(HttpResponseStatus.CONFLICT, "retention", "round " + id + " must be kept until "
          + k.round().retainUntil());
    } else if (d instanceof RoundArchive.Deletion.Deleted del) {
      audit.logged(call, id, "round.delete", del.objects() + " objects", "deleted");
      call.reply(HttpResponseStatus.OK, Json.message("round.deleted").put("roundId", id)
          .put("objects", del.objects()));
    } else {
      audit.logged(call, id, "round.delete", "", "not-found");
      call.error(HttpResponseStatus.NOT_FOUND, "not-found", "no finished round " + id);
    }
  }

  /** Auditors whose token names wards see only those wards' rounds; no wards claim: every ward. */
  static boolean inScope(Claims c, ArchivedRound r) {
    if (c.role() == Role.ADMIN || c.wards().isEmpty() || c.wards().contains("*")) return true;
    return r.ward() != null && c.wards().contains(r.ward());
  }

  static RoundQuery query(RestCall call) {
    int limit = 100;
    String l = call.param("limit");
    if (l != null) {
      if (!l.matches("\\d{1,4}")) throw new IllegalArgumentException("limit must be a number from 1 to 500");
      limit = Integer.parseInt(l);
    }
    if (limit < 1 || limit > RoundQuery.MAX_LIMIT) throw new IllegalArgumentException("limit must be from 1 to 500");
    Long from = time(call.param("from"), "from", false);
    Long to = time(call.param("to"), "to", true);
    if (from != null && to != null && from >= to) throw new IllegalArgumentException("from must be before to");
    return new RoundQuery(call.param("cart"), call.param("hospital"), call.param("ward"), call.param("participant"),
        from, to, limit);
  }

  /** A date (yyyy-MM-dd, a whole UTC day: {@code to} includes it) or an ISO-8601 instant. */
  private static Long time(String s, String name, boolean endOfDay) {
    if (s == null) return null;
    try {
      if (s.length() == 10) {
        LocalDate d = LocalDate.parse(s);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date (2026-12-01) or an instant (2026-12-01T08:00:00Z)");
    }
  }

  private static String describe(RoundQuery q) {
    StringBuilder b = new StringBuilder();
    if (q.cartId() != null) b.append(" cart=").append(q.cartId());
    if (q.hospital() != null) b.append(" hospital=").append(q.hospital());
    if (q.ward() != null) b.append(" ward=").append(q.ward());
    if (q.participant() != null) b.append(" participant=").append(q.participant());
    if (q.fromMillis() != null) b.append(" from=").append(Instant.ofEpochMilli(q.fromMillis()));
    if (q.toMillis() != null) b.append(" to=").append(Instant.ofEpochMilli(q.toMillis()));
    return b.length() == 0 ? "all" : b.substring(1);
  }

  static ObjectNode summary(ArchivedRound r) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("roundId", r.roundId()).put("room", r.room())
        .put("cartId", r.cartId()).put("hospital", r.hospital()).put("ward", r.ward())
        .put("startedMillis", r.startedMillis()).put("endedMillis", r.endedMillis()).put("status", r.status())
        .put("retainUntil", r.retainUntil().toString());
    ArrayNode s = o.putArray("participants");
    r.subjects().forEach(s::add);
    ObjectNode h = o.putObject("legalHold").put("on", r.hold().on());
    if (r.hold().on()) h.put("reason", r.hold().reason()).put("by", r.hold().by()).put("atMillis", r.hold().atMillis());
    return o;
  }
}
