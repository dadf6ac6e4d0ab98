package org.telerounds.signaling.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  static final AuditKeyRing KEYS = AuditKeyRing.generate();

  static List<byte[]> chain(int n) {
    return chain(n, KEYS);
  }

  static List<byte[]> chain(int n, AuditKeyRing keys) {
    List<byte[]> out = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int i = 1; i <= n; i++) {
      ObjectNode e = AuditChain.entry(i, 1_000L * i, new AuditEvent("qc-" + i, "auditor", "10.0.0.9", "r" + i,
          "round.view", "manifest \"quoted\" ü", "ok"), prev, keys);
      prev = e.get("hash").asText();
      out.add(e.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void anUntouchedChainVerifies() {
    AuditChain.Verification v = AuditChain.verify(chain(5), KEYS);
    assertThat(v.valid()).isTrue();
    assertThat(v.entries()).isEqualTo(5);
    assertThat(v.headHash()).hasSize(64);
    assertThat(AuditChain.verify(List.of(), KEYS).valid()).isTrue();
  }

  @Test
  void anAlteredFieldIsFoundAtItsEntry() throws Exception {
    List<byte[]> c = chain(5);
    ObjectNode e = (ObjectNode) AuditChain.JSON.readTree(c.get(2));
    e.put("outcome", "forbidden");
    c.set(2, e.toString().getBytes(StandardCharsets.UTF_8));
    AuditChain.Verification v = AuditChain.verify(c, KEYS);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3);
    assertThat(v.reason()).contains("altered");
  }

  @Test
  void anEditWithEveryFollowingEntryRehashedIsFoundAsForged() throws Exception {
    List<byte[]> c = chain(5);
    String prev = AuditChain.JSON.readTree(c.get(0)).path("hash").asText();
    for (int i = 1; i < 5; i++) { // edit entry 2, then re-link and re-hash 2..5 as a bucket writer could
      ObjectNode e = (ObjectNode) AuditChain.JSON.readTree(c.get(i));
      if (i == 1) e.put("actor", "someone-else");
      e.put("prev", prev);
      e.put("hash", AuditChain.hash(e));
      prev = e.get("hash").asText();
      c.set(i, e.toString().getBytes(StandardCharsets.UTF_8));
    }
    AuditChain.Verification v = AuditChain.verify(c, KEYS);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(2);
    assertThat(v.reason()).contains("forged");
  }

  @Test
  void anEntrySignedWithAnotherKeyIsRejected() {
    AuditKeyRing other = AuditKeyRing.generate();
    AuditChain.Verification v = AuditChain.verify(chain(3, other), KEYS);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(1);
    assertThat(v.reason()).contains("unknown key");
    // Same key id, other key bytes: the mac does not match.
    java.util.Map<String, byte[]> impostor = new java.util.LinkedHashMap<>();
    impostor.put(KEYS.currentId(), new byte[32]);
    AuditChain.Verification w = AuditChain.verify(chain(3, new AuditKeyRing(impostor)), KEYS);
    assertThat(w.valid()).isFalse();
    assertThat(w.reason()).contains("forged");
  }

  @Test
  void rotatedKeysStillVerifyWhatTheySigned(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("keys/audit.keys");
    AuditKeyRing first = AuditKeyRing.loadOrCreate(file);
    assertThat(java.nio.file.Files.getPosixFilePermissions(file))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(java.nio.file.Files.getPosixFilePermissions(file.getParent()))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    List<byte[]> old = chain(2, first);
    java.nio.file.Files.writeString(file, "k-new " + java.util.Base64.getEncoder().encodeToString(new byte[40])
        + "\n", java.nio.file.StandardOpenOption.APPEND);
    AuditKeyRing rotated = AuditKeyRing.loadOrCreate(file);
    assertThat(rotated.currentId()).isEqualTo("k-new");
    assertThat(AuditChain.verify(old, rotated).valid()).isTrue();
    java.nio.file.Files.writeString(file, "bad line\n", java.nio.file.StandardOpenOption.APPEND);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditKeyRing.loadOrCreate(file))
        .hasMessageContaining("line 4");
  }

  @Test
  void aRemovedOrGarbledEntryIsFound() {
    List<byte[]> c = chain(5);
    c.remove(1);
    assertThat(AuditChain.verify(c, KEYS).firstBadSeq()).isEqualTo(2);
    List<byte[]> g = chain(3);
    g.set(2, "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(AuditChain.verify(g, KEYS).reason()).contains("not valid JSON");
  }
}
