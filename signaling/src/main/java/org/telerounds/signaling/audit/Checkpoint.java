package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A signed statement about the audit chain, kept outside the object store: {@code head} (entries
 * up to {@code seq} were written, the last with {@code hash}) or {@code verified} (entries up to
 * {@code seq} were read back from the store and checked) or {@code legacy} (entries 1..{@code seq}
 * are the sealed legacy range of the previous release, its plain chain ending in {@code hash}). A
 * later store holding less, or another hash at {@code seq}, was truncated or rewritten.
 */
public record Checkpoint(String kind, long seq, String hash, long atMillis, String keyId, String mac) {
  static final String HEAD = "head";
  static final String VERIFIED = "verified";
  static final String LEGACY = "legacy";

  static Checkpoint sign(String kind, long seq, String hash, long atMillis, AuditKeyRing keys) {
    return new Checkpoint(kind, seq, hash, atMillis, keys.currentId(), keys.mac(keys.currentId(),
        signed(kind, seq, hash, atMillis)));
  }

  private static String signed(String kind, long seq, String hash, long atMillis) {
    return "telerounds-audit-checkpoint|" + kind + "|" + seq + "|" + hash + "|" + atMillis;
  }

  boolean authentic(AuditKeyRing keys) {
    return keys.verify(keyId, signed(kind, seq, hash, atMillis), mac);
  }

  String toJson() {
    ObjectNode o = AuditChain.JSON.createObjectNode().put("kind", kind).put("seq", seq).put("hash", hash)
        .put("atMillis", atMillis).put("keyId", keyId).put("mac", mac);
    return o.toString();
  }

  /** Parses one stored checkpoint; null when it is not one. */
  static Checkpoint parse(byte[] json) {
    try {
      JsonNode n = AuditChain.JSON.readTree(json);
      if (n == null || !n.path("seq").canConvertToLong() || !n.path("hash").isTextual()) return null;
      return new Checkpoint(n.path("kind").asText(""), n.path("seq").asLong(), n.path("hash").asText(),
          n.path("atMillis").asLong(), n.path("keyId").asText(""), n.path("mac").asText(""));
    } catch (Exception e) {
      return null;
    }
  }

  /** The later of two checkpoints (by seq); either may be null. */
  static Checkpoint later(Checkpoint a, Checkpoint b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.seq() > a.seq() ? b : a;
  }
}
