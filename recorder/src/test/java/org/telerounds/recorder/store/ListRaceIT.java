package org.telerounds.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing a prefix while objects under it are deleted, on the real embedded store with encryption
 * at rest: the recorder deletes transcript parts and segments while auditors list rounds. Found as
 * a failed listing ("NoSuchKey" for a LIST) in a full suite run; a listing must return, never fail.
 */
class ListRaceIT {
  @TempDir Path tmp;

  @Test
  void aListingThatRacesDeletesStillReturns() throws Exception {
    byte[] key = new byte[48];
    new java.security.SecureRandom().nextBytes(key);
    try (EmbeddedS3 s3 = EmbeddedS3.start(tmp.resolve("s3"), 0, "race-access", "race-secret-key-0123", key);
        ObjectStore store = new ObjectStore(s3.endpoint(), "us-east-1", "recordings", "race-access",
            "race-secret-key-0123")) {
      store.ensureBucket();
      store.putBytes("rounds/r1/manifest.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
      for (int burst = 0; burst < 20; burst++) {
        for (int i = 0; i < 8; i++) {
          store.putBytes("rounds/r1/transcripts/parts/part-" + burst + "-" + i + ".jsonl",
              "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Exception> failed = new AtomicReference<>();
        int b = burst;
        Thread deleter = new Thread(() -> {
          try {
            for (int i = 0; i < 8; i++) store.delete("rounds/r1/transcripts/parts/part-" + b + "-" + i + ".jsonl");
          } catch (Exception e) {
            failed.set(e);
          } finally {
            done.set(true);
          }
        });
        deleter.start();
        while (!done.get()) {
          assertThat(store.list("rounds/")).anyMatch(e -> e.key().equals("rounds/r1/manifest.json"));
        }
        deleter.join();
        assertThat(failed.get()).isNull();
      }
      assertThat(store.list("rounds/")).extracting(ObjectStore.Entry::key).containsExactly("rounds/r1/manifest.json");
    }
  }
}
