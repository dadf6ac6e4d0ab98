package org.telerounds.signaling.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.recorder.store.EmbeddedS3;
import org.telerounds.recorder.store.ObjectStore;

/**
 * Upgrading from the release before the audit keys, against the real embedded S3 store: the
 * previous release's plain SHA-256 chain (written here with that release's own algorithm) is
 * sealed once at start and verifies as legacy; editing it afterwards, or an unsigned entry after
 * the seal, fails verify at that entry; an old chain broken before the upgrade is never sealed and
 * verify reports the break.
 */
class LegacyAuditUpgradeTest {
  private static final String AK = "audit-test";
  private static final String SK = "audit-test-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AuditKeyRing KEYS = AuditKeyRing.generate();

  @TempDir
  Path dir;
  private EmbeddedS3 s3;
  private ObjectStore store;

  @BeforeEach
  void store() throws Exception {
    s3 = EmbeddedS3.start(dir.resolve("s3"), 0, AK, SK);
    store = new ObjectStore(s3.endpoint(), "us-east-1", "audit-test", AK, SK);
    store.ensureBucket();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    s3.close();
  }

  /** Entry {@code seq} exactly as the previous release wrote it (commit 13405c2, AuditChain.entry). */
  static ObjectNode oldEntry(long seq, String actor, String prev) throws Exception {
    ObjectNode o = JSON.createObjectNode().put("seq", seq).put("atMillis", 1_700_000_000_000L + seq)
        .put("actor", actor).put("role", "auditor").put("from", "10.0.0.9").put("target", "r" + seq)
        .put("action", "round.view").put("detail", "manifest").put("outcome", "ok").put("prev", prev);
    o.put("hash", sha256(o.toString()));
    return o;
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes {@code n} old-format entries from seq 1; returns the old head hash. */
  private String writeOldChain(int n) throws Exception {
    String prev = "0".repeat(64);
    for (int i = 1; i <= n; i++) {
      ObjectNode e = oldEntry(i, "qc-" + i, prev);
      put(i, e);
      prev = e.get("hash").asText();
    }
    return prev;
  }

  private void put(long seq, JsonNode e) throws Exception {
    store.putBytes(ObjectStoreAuditLog.key(seq), e.toString().getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private ObjectNode get(long seq) throws Exception {
    return (ObjectNode) JSON.readTree(store.get(ObjectStoreAuditLog.key(seq)));
  }

  private ObjectStoreAuditLog start() {
    return new ObjectStoreAuditLog(store, Clock.systemUTC(), new SimpleMeterRegistry(), KEYS,
        AuditConfig.defaults(dir));
  }

  private static void append(ObjectStoreAuditLog log, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      log.append(new AuditEvent("qc-new", "auditor", "-", "-", "rounds.list", "", "ok")).get();
    }
  }

  private long seals() throws Exception {
    long n = 0;
    for (ObjectStore.Entry e : store.list("audit/")) {
      if (JSON.readTree(store.get(e.key())).path("action").asText().equals("audit.legacy-sealed")) n++;
    }
    return n;
  }

  @Test
  void anIntactOldChainIsSealedOnceAtStartAndVerifiesAsLegacy() throws Exception {
    String oldHead = writeOldChain(5);
    try (ObjectStoreAuditLog log = start()) {
      append(log, 2);
      JsonNode seal = get(6);
      assertThat(seal.path("action").asText()).isEqualTo("audit.legacy-sealed");
      assertThat(seal.path("prev").asText()).isEqualTo(oldHead);
      assertThat(seal.path("detail").asText()).contains("1..5").contains(oldHead);
      assertThat(seal.path("keyId").asText()).isEqualTo(KEYS.currentId());
      assertThat(seal.path("mac").asText()).hasSize(64);
      assertThat(get(7).path("prev").asText()).isEqualTo(seal.path("hash").asText());

      AuditChain.Verification inc = new AuditVerifier(log, 5000).incremental().verification();
      assertThat(inc.valid()).as("%s", inc).isTrue();
      assertThat(inc.entries()).isEqualTo(8);
      assertThat(inc.legacyEntries()).isEqualTo(5);
      AuditChain.Verification full = new AuditVerifier(log, 5000).full(n -> { }).verification();
      assertThat(full.valid()).as("%s", full).isTrue();
      assertThat(full.entries()).isEqualTo(8);
      assertThat(full.legacyEntries()).isEqualTo(5);
    }
    assertThat(Files.readString(dir.resolve("audit-checkpoints.jsonl"))).contains("\"kind\":\"legacy\",\"seq\":5");

    try (ObjectStoreAuditLog again = start()) { // a restart finds the seal: no second one
      append(again, 1);
      assertThat(again.head().seq()).isEqualTo(9);
      assertThat(seals()).isEqualTo(1);
      AuditChain.Verification v = new AuditVerifier(again, 5000).full(n -> { }).verification();
      assertThat(v.valid()).as("%s", v).isTrue();
      assertThat(v.legacyEntries()).isEqualTo(5);
    }
  }

  @Test
  void editingALegacyEntryAfterTheSealFailsVerifyAndIsNeverResealed() throws Exception {
    writeOldChain(5);
    try (ObjectStoreAuditLog log = start()) {
      append(log, 1);
    }
    ObjectNode e3 = get(3); // edited, as the old release's format allows
    e3.put("actor", "someone-else");
    put(3, e3);
    try (ObjectStoreAuditLog log = start()) {
      append(log, 1);
      AuditChain.Verification v = new AuditVerifier(log, 5000).full(n -> { }).verification();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadSeq()).isEqualTo(3);
      assertThat(v.reason()).contains("altered");
      assertThat(new AuditVerifier(log, 5000).incremental().verification().firstBadSeq()).isEqualTo(3);
    }

    // The best a bucket writer can do: re-hash the whole old chain from the edit on.
    String prev = get(2).path("hash").asText();
    for (long seq = 3; seq <= 5; seq++) {
      ObjectNode e = get(seq);
      e.put("prev", prev);
      e.remove("hash");
      e.put("hash", sha256(e.toString()));
      prev = e.get("hash").asText();
      put(seq, e);
    }
    Files.delete(dir.resolve("audit-checkpoints.jsonl")); // and with the checkpoint file gone too
    try (ObjectStoreAuditLog log = start()) {
      append(log, 1);
      assertThat(seals()).as("an edited legacy range is never sealed again").isEqualTo(1);
      AuditChain.Verification v = new AuditVerifier(log, 5000).full(n -> { }).verification();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadSeq()).isEqualTo(5);
      assertThat(v.reason()).contains("changed after the upgrade");
      assertThat(new AuditVerifier(log, 5000).incremental().verification().valid()).isFalse();
    }
  }

  @Test
  void anUnsignedEntryAfterTheSealFailsVerifyAtThatEntry() throws Exception {
    writeOldChain(5);
    try (ObjectStoreAuditLog log = start()) {
      append(log, 3);
    }
    ObjectNode seal = get(6);
    // The legacy range "extended" over the seal: entry 6 replaced by an old-format entry linked to 5.
    put(6, oldEntry(6, "qc-6", get(5).path("hash").asText()));
    try (ObjectStoreAuditLog log = start()) {
      AuditChain.Verification v = new AuditVerifier(log, 5000).full(n -> { }).verification();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadSeq()).isEqualTo(6);
      assertThat(v.reason()).contains("not signed").contains("after the sealed legacy range 1..5");
      assertThat(v.legacyEntries()).isEqualTo(5);
    }
    // An unsigned entry later on: the seal restored, entry 8 replaced by an old-format one linked to 7.
    put(6, seal);
    put(8, oldEntry(8, "qc-8", get(7).path("hash").asText()));
    try (ObjectStoreAuditLog log = start()) {
      AuditChain.Verification v = new AuditVerifier(log, 5000).full(n -> { }).verification();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadSeq()).isEqualTo(8);
      assertThat(v.reason()).contains("not signed");
      assertThat(new AuditVerifier(log, 5000).incremental().verification().firstBadSeq()).isEqualTo(8);
    }
  }

  @Test
  void anOldChainBrokenBeforeTheUpgradeIsNotSealedAndVerifyFailsAtTheBreak() throws Exception {
    writeOldChain(6);
    ObjectNode e4 = get(4);
    e4.put("outcome", "forbidden"); // changed under the previous release
    put(4, e4);
    try (ObjectStoreAuditLog log = start()) {
      append(log, 2);
      assertThat(seals()).isZero();
      assertThat(log.legacySeal()).isNull();
      AuditChain.Verification inc = new AuditVerifier(log, 5000).incremental().verification();
      assertThat(inc.valid()).isFalse();
      assertThat(inc.firstBadSeq()).isEqualTo(4);
      assertThat(inc.reason()).contains("altered").contains("not sealed");
      assertThat(inc.legacyEntries()).isZero();
      AuditChain.Verification full = new AuditVerifier(log, 5000).full(n -> { }).verification();
      assertThat(full.valid()).isFalse();
      assertThat(full.firstBadSeq()).isEqualTo(4);
    }
  }
}
