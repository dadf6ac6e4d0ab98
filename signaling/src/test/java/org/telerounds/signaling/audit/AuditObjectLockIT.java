package org.telerounds.signaling.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.recorder.store.ObjectStore;

/**
 * Audit checkpoints under S3 Object Lock, against a store that has it: moto's S3 server
 * ({@code moto_server}, an independent S3 implementation that enforces compliance-mode retention).
 * The embedded store (S3Proxy) has no Object Lock, so this is the only test of that second place.
 * <ul>
 *   <li>the log sees the bucket's Object Lock and writes signed head checkpoints there, each in
 *       compliance mode, retained for {@code object-lock-retention};
 *   <li>a rogue admin with the store's keys cannot delete a checkpoint's version;
 *   <li>that admin deletes the newest audit entries from the store <em>and</em> the local
 *       checkpoint file while the server is stopped: after a restart the locked checkpoint alone
 *       still shows the chain was truncated.
 * </ul>
 * Needs {@code moto_server} ({@code TELEROUNDS_MOTO_SERVER}, else on the PATH or in
 * /opt/telerounds-moto/bin, which .ci/run fills); under {@code CI=true} its absence fails the test.
 */
class AuditObjectLockIT {
  private static final String AK = "lock-test";
  private static final String SK = "lock-test-secret-0123456789";

  @TempDir
  Path dir;

  static Path motoServer() {
    String env = System.getenv("TELEROUNDS_MOTO_SERVER");
    if (env != null && Files.isExecutable(Path.of(env))) return Path.of(env);
    for (String d : (System.getenv().getOrDefault("PATH", "") + ":/opt/telerounds-moto/bin").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, "moto_server");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  @Test
  void checkpointsAreLockedAndATruncationIsCaughtAfterTheLocalFileIsDeletedToo() throws Exception {
    Path moto = motoServer();
    if (moto == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("moto_server is missing (CI=true): .ci/run installs it into /opt/telerounds-moto");
      }
      Assumptions.abort("moto_server not installed (pip install 'moto[server]')");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server = new ProcessBuilder(moto.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(dir.resolve("moto.log").toFile()).start();
    try {
      String endpoint = "http://127.0.0.1:" + port;
      await().atMost(Duration.ofSeconds(60)).until(() -> accepts(port));
      MinioClient admin = MinioClient.builder().endpoint(endpoint).credentials(AK, SK).region("eu-west-1").build();
      admin.makeBucket(MakeBucketArgs.builder().bucket("audit-lock").objectLock(true).build());
      AuditConfig d = AuditConfig.defaults(dir);
      AuditConfig config = new AuditConfig(d.keyFile(), d.checkpointFile(), Duration.ofMillis(100),
          Duration.ofMillis(100), Duration.ofDays(7), d.queueSize(), d.liveQueueSize(), d.coalesceWindow(),
          d.drainTimeout(), d.incrementalVerifyMax(), Duration.ZERO);
      AuditKeyRing keys = AuditKeyRing.generate();
      try (ObjectStore store = new ObjectStore(endpoint, "eu-west-1", "audit-lock", AK, SK)) {
        assertThat(store.objectLockEnabled()).as("Object Lock seen on the bucket").isTrue();
        ObjectStoreAuditLog log = new ObjectStoreAuditLog(store, Clock.systemUTC(), new SimpleMeterRegistry(), keys,
            config);
        for (int i = 0; i < 20; i++) {
          log.append(new AuditEvent("qc-" + i, "auditor", "-", "-", "rounds.list", "", "ok")).get(30, TimeUnit.SECONDS);
        }
        log.close(); // a graceful stop writes a final checkpoint, forced
        List<ObjectStore.Entry> locked = store.list(LockedCheckpoints.PREFIX);
        assertThat(locked).as("head checkpoints under Object Lock").isNotEmpty();
        String newest = locked.get(locked.size() - 1).key();
        StatObjectResponse stat = admin.statObject(StatObjectArgs.builder().bucket("audit-lock").object(newest).build());
        assertThat(stat.headers().get("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
        assertThat(ZonedDateTime.parse(stat.headers().get("x-amz-object-lock-retain-until-date")))
            .isAfter(ZonedDateTime.now().plusDays(6));
        assertThatThrownBy(() -> admin.removeObject(RemoveObjectArgs.builder().bucket("audit-lock").object(newest)
            .versionId(stat.versionId()).build())).as("deleting a locked checkpoint's version")
            .hasMessageContaining("Access Denied");
        assertThat(store.get(newest)).isNotEmpty();

        // the rogue admin, server stopped: the newest 5 entries and the local checkpoint file go
        for (long seq = 16; seq <= 20; seq++) store.delete(ObjectStoreAuditLog.key(seq));
        Files.delete(d.checkpointFile());
      }
      try (ObjectStore store = new ObjectStore(endpoint, "eu-west-1", "audit-lock", AK, SK)) {
        ObjectStoreAuditLog restarted = new ObjectStoreAuditLog(store, Clock.systemUTC(), new SimpleMeterRegistry(),
            keys, config);
        await().atMost(Duration.ofSeconds(30)).until(restarted::resumed);
        assertThat(restarted.startProblem()).as("what the restart found").isNotNull()
            .containsAnyOf("missing", "truncated");
        restarted.close();
      }
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
