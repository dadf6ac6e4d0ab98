package org.telerounds.signaling.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.recorder.store.EmbeddedS3;
import org.telerounds.recorder.store.ObjectStore;

/**
 * An entry edited in place deep inside the already verified part of the log is not read again by
 * the incremental verify. The scheduled full check finds it without anyone asking, and the
 * {@code telerounds_audit_chain_valid} gauge drops to 0 for an alert. Real embedded S3 store.
 */
class ScheduledFullVerifyTest {
  @TempDir
  Path dir;

  private static final String AK = "audit-test";
  private static final String SK = "audit-test-secret-0123456789";

  @Test
  void anEditInTheVerifiedPartIsFoundByTheScheduledFullCheck() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditConfig d = AuditConfig.defaults(dir);
    AuditConfig config = new AuditConfig(d.keyFile(), d.checkpointFile(), d.checkpointInterval(), d.objectLockInterval(),
        d.objectLockRetention(), d.queueSize(), d.liveQueueSize(), d.coalesceWindow(), d.drainTimeout(),
        d.incrementalVerifyMax(), Duration.ofMillis(300));
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, AK, SK);
        ObjectStore store = new ObjectStore(s3.endpoint(), "us-east-1", "audit-test", AK, SK)) {
      store.ensureBucket();
      ObjectStoreAuditLog chain = new ObjectStoreAuditLog(store, Clock.systemUTC(), registry, AuditKeyRing.generate(),
          config);
      try (AuditService audit = new AuditService(chain, Clock.systemUTC(), config)) {
        for (int i = 0; i < 10; i++) {
          audit.append(new AuditEvent("qc-" + i, "auditor", "-", "round-" + i, "recording.play", "", "ok")).get();
        }
        assertThat(audit.verifier().incremental().verification().valid()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> gauge(registry) == 1.0);

        List<ObjectStore.Entry> entries = store.list("audit/");
        String key = entries.get(3).key();
        String text = new String(store.get(key), StandardCharsets.UTF_8);
        assertThat(text).contains("round-3");
        store.putBytes(key, text.replace("round-3", "round-8").getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(audit.verifier().incremental().verification().valid())
            .as("the incremental check reads only what is new").isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> gauge(registry) == 0.0);
      }
    }
  }

  private static double gauge(SimpleMeterRegistry r) {
    return r.get("telerounds_audit_chain_valid").gauge().value();
  }
}
