package org.telerounds.recorder.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.StoreException;

/**
 * The finished rounds in the object store, indexed from their manifests: search, download links,
 * legal holds and deletion once retention allows. The index is read from the store on first use
 * and kept current as rounds finish. Blocking: call it from a blocking executor, never an event loop.
 */
public final class RoundArchive {
  private static final Logger LOG = LoggerFactory.getLogger("recorder.archive");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOLD = "legal-hold.json";
  private final ObjectStore store;
  private final ObjectStore presigner;
  private final RetentionPolicy retention;
  private final Duration urlTtl;
  private final Clock clock;
  private final Map<String, ArchivedRound> rounds = new HashMap<>();
  private boolean loaded;

  /** {@code presigner} signs download links for the address auditors' browsers use (may be {@code store}). */
  public RoundArchive(ObjectStore store, ObjectStore presigner, RetentionPolicy retention, Duration urlTtl,
      Clock clock) {
    this.store = store;
    this.presigner = presigner;
    this.retention = retention;
    this.urlTtl = urlTtl;
    this.clock = clock;
  }

  /** A download link. */
  public record Download(String key, String url, Instant expiresAt) {}

  /** What a deletion request came to. */
  public sealed interface Deletion {
    record Deleted(ArchivedRound round, int objects) implements Deletion {}
    record NotFound() implements Deletion {}
    record Held(ArchivedRound round) implements Deletion {}
    record Retained(ArchivedRound round) implements Deletion {}
  }

  /** Rounds matching {@code q}, newest first. */
  public synchronized List<ArchivedRound> search(RoundQuery q) throws StoreException {
    load();
    return rounds.values().stream().filter(q::matches)
        .sorted(Comparator.comparingLong(ArchivedRound::startedMillis).reversed().thenComparing(ArchivedRound::roundId))
        .limit(q.limit()).toList();
  }

  /** Rounds whose retention has ended and that are not on hold: candidates for deletion. */
  public synchronized List<ArchivedRound> expired() throws StoreException {
    load();
    Instant now = clock.instant();
    return rounds.values().stream().filter(r -> !r.hold().on() && !now.isBefore(r.retainUntil()))
        .sorted(Comparator.comparing(ArchivedRound::retainUntil)).toList();
  }

  public synchronized Optional<ArchivedRound> find(String roundId) throws StoreException {
    load();
    return Optional.ofNullable(rounds.get(roundId));
  }

  /** The round's manifest as stored. */
  public byte[] manifest(ArchivedRound r) throws StoreException {
    return store.get(r.manifestKey());
  }

  /** One of the round's objects (must be listed in its manifest). */
  public byte[] read(ArchivedRound r, String key) throws StoreException {
    requireListed(r, key);
    return store.get(key);
  }

  /** A short-lived GET link to one of the round's objects (must be listed in its manifest). */
  public Download presign(ArchivedRound r, String key) throws StoreException {
    requireListed(r, key);
    return new Download(key, presigner.presignedGet(key, urlTtl), clock.instant().plus(urlTtl));
  }

  private static void requireListed(ArchivedRound r, String key) {
    if (!key.startsWith(r.prefix()) || (!key.equals(r.manifestKey()) && !r.keys().contains(key))) {
      throw new IllegalArgumentException("not an object of round " + r.roundId() + ": " + key);
    }
  }

  /** Puts a legal hold on a round or lifts it. */
  public synchronized Optional<ArchivedRound> setLegalHold(String roundId, boolean on, String reason, String by)
      throws StoreException {
    load();
    ArchivedRound r = rounds.get(roundId);
    if (r == null) return Optional.empty();
    ArchivedRound.LegalHold h = new ArchivedRound.LegalHold(on, reason, by, clock.millis());
    ObjectNode o = JSON.createObjectNode().put("hold", on).put("reason", reason).put("by", by)
        .put("atMillis", h.atMillis());
    store.putBytes(r.prefix() + HOLD, o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/json");
    ArchivedRound updated = r.withHold(h);
    rounds.put(roundId, updated);
    return Optional.of(updated);
  }

  /**
   * Deletes every object of a round, if its retention has ended and no legal hold is on. The
   * manifest goes last, so an interrupted deletion leaves the round listed and can be repeated.
   */
  public synchronized Deletion delete(String roundId) throws StoreException {
    load();
    ArchivedRound r = rounds.get(roundId);
    if (r == null) return new Deletion.NotFound();
    if (r.hold().on()) return new Deletion.Held(r);
    if (clock.instant().isBefore(r.retainUntil())) return new Deletion.Retained(r);
    List<String> keys = new ArrayList<>();
    for (ObjectStore.Entry e : store.list(r.prefix())) keys.add(e.key());
    // Last: round.json (else a restart would "finish" the round again), then the manifest.
    keys.sort(Comparator.comparingInt((String k) -> k.equals(r.manifestKey()) ? 2 : k.endsWith("/round.json") ? 1 : 0));
    for (String k : keys) store.delete(k);
    rounds.remove(roundId);
    LOG.info("round {} deleted ({} objects)", roundId, keys.size());
    return new Deletion.Deleted(r, keys.size());
  }

  /** A round's manifest was written: index it. */
  public synchronized void manifestWritten(String roundId) {
    if (!loaded) return; // read with everything else on first use
    try {
      ArchivedRound r = parse(store.get("rounds/" + roundId + "/manifest.json"), ArchivedRound.LegalHold.NONE);
      rounds.put(r.roundId(), r);
    } catch (StoreException | IOException | RuntimeException e) {
      LOG.warn("round {} finished but could not be indexed now ({}); it is indexed at the next start", roundId,
          e.getMessage());
    }
  }

  private void load() throws StoreException {
    if (loaded) return;
    Set<String> manifests = new LinkedHashSet<>();
    Set<String> holds = new LinkedHashSet<>();
    for (ObjectStore.Entry e : store.list("rounds/")) {
      String[] parts = e.key().split("/");
      if (parts.length != 3) continue;
      if (parts[2].equals("manifest.json")) manifests.add(parts[1]);
      if (parts[2].equals(HOLD)) holds.add(parts[1]);
    }
    Map<String, ArchivedRound> found = new HashMap<>();
    for (String id : manifests) {
      try {
        ArchivedRound.LegalHold hold = holds.contains(id) ? readHold(id) : ArchivedRound.LegalHold.NONE;
        ArchivedRound r = parse(store.get("rounds/" + id + "/manifest.json"), hold);
        found.put(r.roundId(), r);
      } catch (IOException | RuntimeException e) {
        LOG.error("round {}: manifest.json cannot be read ({}); the round is not listed", id, e.getMessage());
      }
    }
    rounds.putAll(found);
    loaded = true;
    LOG.info("archive: {} finished round(s) in the store", rounds.size());
  }

  private ArchivedRound.LegalHold readHold(String id) throws StoreException, IOException {
    JsonNode h = JSON.readTree(store.get("rounds/" + id + "/" + HOLD));
    return new ArchivedRound.LegalHold(h.path("hold").asBoolean(false), h.path("reason").asText(""),
        h.path("by").asText(""), h.path("atMillis").asLong());
  }

  private ArchivedRound parse(byte[] manifest, ArchivedRound.LegalHold hold) throws IOException {
    JsonNode m = JSON.readTree(manifest);
    String id = m.path("roundId").asText(null);
    if (id == null || !m.path("format").asText().startsWith("telerounds-round/")) {
      throw new IOException("not a telerounds manifest");
    }
    Set<String> keys = new LinkedHashSet<>();
    List<String> subjects = new ArrayList<>();
    for (JsonNode p : m.path("participants")) {
      String s = p.path("subject").asText(null);
      if (s != null && !subjects.contains(s)) subjects.add(s);
    }
    boolean gaps = false;
    for (JsonNode t : m.path("tracks")) {
      for (JsonNode s : t.path("segments")) addKey(keys, s);
      addKey(keys, t.path("file"));
      gaps |= !t.path("gaps").isEmpty();
    }
    String status = m.path("status").asText("unknown");
    if (status.equals("complete") && gaps) status = "complete-with-gaps"; // a round with gaps is never listed complete
    addKey(keys, m.path("composite"));
    for (JsonNode t : m.path("transcripts")) addKey(keys, t);
    String hospital = m.path("hospital").asText(null);
    String ward = m.path("ward").asText(null);
    long ended = m.path("endedMillis").asLong(m.path("startedMillis").asLong());
    return new ArchivedRound(id, m.path("room").asText(""), m.path("cartId").asText(null), hospital, ward,
        m.path("startedMillis").asLong(), ended, status, List.copyOf(subjects),
        Set.copyOf(keys), hold, retention.retainUntil(ended, hospital, ward));
  }

  private static void addKey(Set<String> keys, JsonNode o) {
    if (o.path("key").isTextual()) keys.add(o.get("key").asText());
  }
}
