package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain of the audit log. Entry n holds {@code prev}, the hash of entry n-1 (64 zeros for
 * the first), and {@code hash}, the SHA-256 of the entry's own JSON without the {@code hash}
 * field, fields in the fixed order written here. Changing, removing or reordering any entry
 * breaks every later link, which {@link #verify} finds.
 */
public final class AuditChain {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** The stored form of entry {@code seq} (from 1). */
  public static ObjectNode entry(long seq, long atMillis, AuditEvent e, String prev) {
    ObjectNode o = JSON.createObjectNode().put("seq", seq).put("atMillis", atMillis).put("actor", e.actor())
        .put("role", e.role()).put("from", e.from()).put("target", e.target()).put("action", e.action())
        .put("detail", e.detail()).put("outcome", e.outcome()).put("prev", prev);
    o.put("hash", hash(o));
    return o;
  }

  /** SHA-256 of the entry without its {@code hash} field, fields in stored order. */
  static String hash(ObjectNode entry) {
    ObjectNode body = entry.deepCopy();
    body.remove("hash");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(body.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The outcome of checking a chain. {@code firstBadSeq} is 0 when valid. */
  public record Verification(boolean valid, long entries, String headHash, long firstBadSeq, String reason) {}

  /** Checks entries (stored bytes, in sequence order) from the first one on. */
  public static Verification verify(List<byte[]> stored) {
    String prev = GENESIS;
    long expected = 1;
    for (byte[] bytes : stored) {
      JsonNode n;
      try {
        n = JSON.readTree(bytes);
      } catch (Exception e) {
        return new Verification(false, expected - 1, prev, expected, "entry " + expected + " is not valid JSON");
      }
      if (!(n instanceof ObjectNode o)) {
        return new Verification(false, expected - 1, prev, expected, "entry " + expected + " is not an object");
      }
      long seq = o.path("seq").asLong(-1);
      if (seq != expected) {
        return new Verification(false, expected - 1, prev, expected,
            "entry " + expected + " is missing (found seq " + seq + ")");
      }
      if (!prev.equals(o.path("prev").asText())) {
        return new Verification(false, expected - 1, prev, seq, "entry " + seq + " does not link to entry " + (seq - 1));
      }
      String claimed = o.path("hash").asText();
      if (!hash(o).equals(claimed)) {
        return new Verification(false, expected - 1, prev, seq, "entry " + seq + " was altered (hash mismatch)");
      }
      prev = claimed;
      expected++;
    }
    return new Verification(true, expected - 1, prev, 0, "");
  }
}
