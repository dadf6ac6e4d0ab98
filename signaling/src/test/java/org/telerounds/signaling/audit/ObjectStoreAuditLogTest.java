package org.telerounds.signaling.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.recorder.store.EmbeddedS3;
import org.telerounds.recorder.store.ObjectStore;

/**
 * The writer against the real embedded S3 store: a graceful stop drains what is waiting; a stop
 * with the store gone, and a full queue, lose entries loudly (error log and a counted metric).
 */
class ObjectStoreAuditLogTest {
  @TempDir
  Path dir;

  private static final String AK = "audit-test";
  private static final String SK = "audit-test-secret-0123456789";

  private AuditConfig config(int queue, int live, Duration drain) {
    AuditConfig d = AuditConfig.defaults(dir);
    return new AuditConfig(d.keyFile(), d.checkpointFile(), d.checkpointInterval(), d.objectLockInterval(),
        d.objectLockRetention(), queue, live, d.coalesceWindow(), drain, d.incrementalVerifyMax(), Duration.ZERO);
  }

  private static double dropped(SimpleMeterRegistry r, String reason) {
    return r.get("telerounds_audit_dropped").tag("reason", reason).counter().count();
  }

  @Test
  void aGracefulStopDrainsEveryWaitingEntry() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, AK, SK);
        ObjectStore store = new ObjectStore(s3.endpoint(), "us-east-1", "audit-test", AK, SK)) {
      store.ensureBucket();
      ObjectStoreAuditLog log = new ObjectStoreAuditLog(store, Clock.systemUTC(), registry, AuditKeyRing.generate(),
          config(10_000, 7_500, Duration.ofSeconds(60)));
      for (int i = 0; i < 1500; i++) log.record("dr-" + i, "expert", "r1", "camera.control", "pan=" + i, "relayed");
      log.close();
      assertThat(log.head().seq()).isEqualTo(1500);
      assertThat(store.list("audit/")).hasSize(1500);
      assertThat(dropped(registry, "shutdown")).isZero();
    }
  }

  @Test
  void anEntryAnotherWriterPutInTheStoreIsNeverWrittenOver() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, AK, SK);
        ObjectStore store = new ObjectStore(s3.endpoint(), "us-east-1", "audit-test", AK, SK)) {
      store.ensureBucket();
      ObjectStoreAuditLog log = new ObjectStoreAuditLog(store, Clock.systemUTC(), new SimpleMeterRegistry(),
          AuditKeyRing.generate(), config(100, 100, Duration.ofSeconds(10)));
      log.append(new AuditEvent("qc-1", "auditor", "-", "-", "rounds.list", "", "ok")).get();
      byte[] foreign = "{\"seq\":2,\"hash\":\"not-ours\",\"actor\":\"someone-else\"}"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      store.putBytes(ObjectStoreAuditLog.key(2), foreign, "application/json");
      log.append(new AuditEvent("qc-2", "auditor", "-", "-", "rounds.list", "", "ok")).get();
      log.close();
      assertThat(store.get(ObjectStoreAuditLog.key(2))).as("the other writer's entry stays").isEqualTo(foreign);
      assertThat(log.head().seq()).as("ours went after it").isEqualTo(3);
      assertThat(new String(store.get(ObjectStoreAuditLog.key(3)), java.nio.charset.StandardCharsets.UTF_8))
          .contains("qc-2").contains("\"prev\":\"not-ours\"");
    }
  }

  @Test
  void aStopWithTheStoreGoneAndAFullQueueLoseEntriesLoudly() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, AK, SK);
    try (ObjectStore store = new ObjectStore(s3.endpoint(), "us-east-1", "audit-test", AK, SK)) {
      store.ensureBucket();
      ObjectStoreAuditLog log = new ObjectStoreAuditLog(store, Clock.systemUTC(), registry, AuditKeyRing.generate(),
          config(100, 60, Duration.ofSeconds(1)));
      log.append(new AuditEvent("qc", "auditor", "-", "-", "rounds.list", "", "ok")).get();
      s3.close(); // the store goes away with entries still to come
      for (int i = 0; i < 80; i++) log.record("dr", "expert", "r1", "camera.control", "pan=" + i, "relayed");
      assertThat(dropped(registry, "overflow")).as("live actions beyond live-queue-size").isGreaterThanOrEqualTo(19);
      List<CompletableFuture<Void>> accesses = new ArrayList<>();
      for (int i = 0; i < 60; i++) accesses.add(log.append(new AuditEvent("qc", "auditor", "-", "-", "x", "", "ok")));
      assertThat(dropped(registry, "overflow")).as("beyond queue-size").isGreaterThanOrEqualTo(19 + 19);
      log.close();
      double lost = dropped(registry, "shutdown");
      assertThat(lost).as("entries waiting at shutdown are counted").isGreaterThanOrEqualTo(90);
      assertThat(accesses).allMatch(CompletableFuture::isDone);
      assertThat(accesses.get(0)).isCompletedExceptionally();
      assertThat(log.head().seq()).isEqualTo(1);
    } finally {
      s3.close();
    }
  }

  @Test
  void repeatedLiveActionsAreCoalescedIntoOneEntryPerWindow() throws Exception {
    List<String> written = new ArrayList<>();
    AuditLog sink = new AuditLog() {
      @Override
      public CompletableFuture<Void> append(AuditEvent e) {
        written.add(e.action() + "|" + e.detail() + "|" + e.outcome());
        return CompletableFuture.completedFuture(null);
      }
    };
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId z) { return this; }
      @Override public java.time.Instant instant() { return java.time.Instant.ofEpochMilli(now.get()); }
    };
    java.util.concurrent.atomic.AtomicLong folded = new java.util.concurrent.atomic.AtomicLong();
    CoalescingAuditLog c = new CoalescingAuditLog(sink, clock, Duration.ofSeconds(1), folded::addAndGet);
    for (int second = 0; second < 3; second++) {
      for (int i = 0; i < 1000; i++) {
        c.record("dr-lee", "expert", "r1", "camera.control", "pan=" + i, i % 10 == 0 ? "relayed" : "rate-limited");
      }
      now.addAndGet(1000);
      c.flushDue();
    }
    c.record("dr-chen", "expert", "r1", "camera.control", "pan=1", "relayed");
    c.close();
    assertThat(written).hasSize(1 + 3 + 1);
    assertThat(written.get(0)).isEqualTo("camera.control|pan=0|relayed");
    assertThat(written.get(1)).startsWith("camera.control|+999 in 1000 ms: rate-limited x900, relayed x99")
        .endsWith("|coalesced");
    assertThat(written.get(2)).startsWith("camera.control|+1000 in 1000 ms:");
    assertThat(folded.get()).isEqualTo(2999);
  }
}
