package org.telerounds.signaling.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint file keeps what verify needs (the latest head, verified and legacy checkpoints)
 * without growing forever: past its size limit it is rewritten to those lines. A file holding a
 * line that is not signed by an audit key is left as it is, as evidence.
 */
class CheckpointFileTest {
  private static final AuditKeyRing KEYS = AuditKeyRing.generate();
  @TempDir
  Path tmp;

  private static String hash(long seq) {
    return String.format("%064x", seq);
  }

  @Test
  void aLongRunningServerKeepsTheFileSmallAndTheLatestCheckpoints() throws Exception {
    Path path = tmp.resolve("audit-checkpoints.jsonl");
    try (CheckpointFile f = new CheckpointFile(path, KEYS, 4096)) {
      f.append(Checkpoint.sign(Checkpoint.LEGACY, 7, hash(7), 1_000, KEYS));
      f.append(Checkpoint.sign(Checkpoint.VERIFIED, 40, hash(40), 2_000, KEYS));
      for (long seq = 1; seq <= 1000; seq++) {
        f.append(Checkpoint.sign(Checkpoint.HEAD, seq, hash(seq), 3_000 + seq, KEYS));
        assertThat(Files.size(path)).as("after %d checkpoints", seq).isLessThan(4096 + 1024);
      }
      CheckpointFile.Latest latest = f.read(KEYS);
      assertThat(latest.forged()).isZero();
      assertThat(latest.head().seq()).isEqualTo(1000);
      assertThat(latest.head().hash()).isEqualTo(hash(1000));
      assertThat(latest.verified().seq()).isEqualTo(40);
      assertThat(latest.legacy().seq()).isEqualTo(7);
      f.append(Checkpoint.sign(Checkpoint.HEAD, 1001, hash(1001), 5_000, KEYS)); // appending goes on after a compaction
      assertThat(f.read(KEYS).head().seq()).isEqualTo(1001);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
  }

  @Test
  void aFileWithAnAlteredLineIsNeverCompacted() throws Exception {
    Path path = tmp.resolve("audit-checkpoints.jsonl");
    try (CheckpointFile f = new CheckpointFile(path, KEYS, 2048)) {
      f.append(Checkpoint.sign(Checkpoint.HEAD, 1, hash(1), 1_000, KEYS));
      String forged = Checkpoint.sign(Checkpoint.HEAD, 2, hash(2), 1_001, AuditKeyRing.generate()).toJson() + "\n";
      Files.writeString(path, forged, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      for (long seq = 3; seq <= 100; seq++) f.append(Checkpoint.sign(Checkpoint.HEAD, seq, hash(seq), 1_000 + seq, KEYS));
      assertThat(Files.readString(path)).contains(forged.trim());
      CheckpointFile.Latest latest = f.read(KEYS);
      assertThat(latest.forged()).isEqualTo(1);
      assertThat(latest.head().seq()).isEqualTo(100);
    }
  }
}
