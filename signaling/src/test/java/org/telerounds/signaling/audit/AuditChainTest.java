package org.telerounds.signaling.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  static List<byte[]> chain(int n) {
    List<byte[]> out = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int i = 1; i <= n; i++) {
      ObjectNode e = AuditChain.entry(i, 1_000L * i, new AuditEvent("qc-" + i, "auditor", "10.0.0.9", "r" + i,
          "round.view", "manifest \"quoted\" ü", "ok"), prev);
      prev = e.get("hash").asText();
      out.add(e.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void anUntouchedChainVerifies() {
    AuditChain.Verification v = AuditChain.verify(chain(5));
    assertThat(v.valid()).isTrue();
    assertThat(v.entries()).isEqualTo(5);
    assertThat(v.headHash()).hasSize(64);
    assertThat(AuditChain.verify(List.of()).valid()).isTrue();
  }

  @Test
  void anAlteredFieldIsFoundAtItsEntry() throws Exception {
    List<byte[]> c = chain(5);
    ObjectNode e = (ObjectNode) AuditChain.JSON.readTree(c.get(2));
    e.put("outcome", "forbidden");
    c.set(2, e.toString().getBytes(StandardCharsets.UTF_8));
    AuditChain.Verification v = AuditChain.verify(c);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3);
    assertThat(v.reason()).contains("altered");
  }

  @Test
  void aRehashedForgeryBreaksTheNextLink() throws Exception {
    List<byte[]> c = chain(5);
    ObjectNode e = (ObjectNode) AuditChain.JSON.readTree(c.get(1));
    e.put("actor", "someone-else");
    e.put("hash", AuditChain.hash(e));
    c.set(1, e.toString().getBytes(StandardCharsets.UTF_8));
    AuditChain.Verification v = AuditChain.verify(c);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3);
    assertThat(v.reason()).contains("does not link");
  }

  @Test
  void aRemovedOrGarbledEntryIsFound() {
    List<byte[]> c = chain(5);
    c.remove(1);
    assertThat(AuditChain.verify(c).firstBadSeq()).isEqualTo(2);
    List<byte[]> g = chain(3);
    g.set(2, "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(AuditChain.verify(g).reason()).contains("not valid JSON");
  }
}
