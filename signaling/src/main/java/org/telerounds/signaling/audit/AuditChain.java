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
 * The authenticated hash chain of the audit log. Entry n holds {@code prev}, the hash of entry n-1
 * (64 zeros for the first); {@code keyId}, the audit key that signs it; {@code hash}, the SHA-256
 * of the entry's JSON without {@code hash} and {@code mac}, fields in the fixed order written
 * here; and {@code mac}, the HMAC-SHA256 of {@code hash} with that key. Changing, removing or
 * reordering an entry breaks every later link; re-hashing the rest after an edit needs the key,
 * which the object store never sees, so {@link #check} finds it either way. Entries of the release
 * before the audit keys have neither {@code keyId} nor {@code mac}; they pass only inside a sealed
 * legacy range ({@link LegacySeal}).
 */
public final class AuditChain {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** The stored form of entry {@code seq} (from 1), signed with the ring's current key. */
  public static ObjectNode entry(long seq, long atMillis, AuditEvent e, String prev, AuditKeyRing keys) {
    ObjectNode o = JSON.createObjectNode().put("seq", seq).put("atMillis", atMillis).put("actor", e.actor())
        .put("role", e.role()).put("from", e.from()).put("target", e.target()).put("action", e.action())
        .put("detail", e.detail()).put("outcome", e.outcome()).put("prev", prev).put("keyId", keys.currentId());
    String hash = hash(o);
    o.put("hash", hash);
    o.put("mac", keys.mac(keys.currentId(), hash));
    return o;
  }

  /** SHA-256 of the entry without its {@code hash} and {@code mac} fields, fields in stored order. */
  static String hash(ObjectNode entry) {
    ObjectNode body = entry.deepCopy();
    body.remove("hash");
    body.remove("mac");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(body.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One stored entry as checked: the parsed entry (null if unreadable), or what is wrong with it. */
  record Checked(ObjectNode entry, String problem) {
    String hash() {
      return entry.path("hash").asText();
    }
  }

  /**
   * Checks the stored bytes of entry {@code seq}, which must link to {@code prev}. A null
   * {@code bytes} is a missing entry.
   */
  static Checked check(byte[] bytes, long seq, String prev, AuditKeyRing keys) {
    if (bytes == null) return new Checked(null, "entry " + seq + " is missing");
    JsonNode n;
    try {
      n = JSON.readTree(bytes);
    } catch (Exception e) {
      return new Checked(null, "entry " + seq + " is not valid JSON");
    }
    if (!(n instanceof ObjectNode o)) return new Checked(null, "entry " + seq + " is not an object");
    long found = o.path("seq").asLong(-1);
    if (found != seq) return new Checked(o, "entry " + seq + " is missing (found seq " + found + ")");
    if (!prev.equals(o.path("prev").asText())) {
      return new Checked(o, "entry " + seq + " does not link to entry " + (seq - 1));
    }
    String claimed = o.path("hash").asText();
    if (!hash(o).equals(claimed)) return new Checked(o, "entry " + seq + " was altered (hash mismatch)");
    String keyId = o.path("keyId").asText("");
    if (keyId.isEmpty()) return new Checked(o, "entry " + seq + " is not signed (no keyId)");
    if (!keys.knows(keyId)) return new Checked(o, "entry " + seq + " is signed with an unknown key " + keyId);
    if (!keys.verify(keyId, claimed, o.path("mac").asText(null))) {
      return new Checked(o, "entry " + seq + " was forged (its mac does not match key " + keyId + ")");
    }
    return new Checked(o, null);
  }

  /**
   * Checks entry {@code seq} given the sealed legacy range ({@code seal}, null when there is none):
   * inside it, in the old format, the last one ending in the sealed head hash; right after it, the
   * seal itself; after it, signed as above, an unsigned entry there being reported as such.
   */
  static Checked check(byte[] bytes, long seq, String prev, AuditKeyRing keys, LegacySeal seal) {
    if (seal != null && seq <= seal.end()) {
      Checked c = LegacySeal.checkPlain(bytes, seq, prev);
      if (c.problem() == null && seq == seal.end() && !seal.head().equals(c.hash())) {
        return new Checked(c.entry(), "legacy entries 1.." + seal.end() + " were changed after the upgrade sealed "
            + "them (their plain chain no longer ends in the sealed head hash)");
      }
      return c;
    }
    Checked c = check(bytes, seq, prev, keys);
    if (c.problem() == null && seal != null && seq == seal.sealSeq() && !seal.equals(LegacySeal.of(c.entry()))) {
      return new Checked(c.entry(), "entry " + seq + " is not the seal of legacy entries 1.." + seal.end());
    }
    if (c.problem() != null && seal != null && c.entry() != null && LegacySeal.unsigned(c.entry())) {
      return new Checked(c.entry(), "entry " + seq + " is not signed (no keyId) and lies after the sealed legacy "
          + "range 1.." + seal.end());
    }
    return c;
  }

  /**
   * The outcome of checking a chain. {@code firstBadSeq} is 0 when valid; {@code checked} is how
   * many entries this check read (an incremental check reads only new ones); {@code legacyEntries}
   * is how many of the {@code entries} found good are unsigned entries of the sealed legacy range
   * (checked by their plain chain and the seal only, never as signed).
   */
  public record Verification(boolean valid, long entries, String headHash, long firstBadSeq, String reason,
      long checked, long legacyEntries) {
    public Verification(boolean valid, long entries, String headHash, long firstBadSeq, String reason, long checked) {
      this(valid, entries, headHash, firstBadSeq, reason, checked, 0);
    }

    static Verification bad(long goodEntries, String goodHash, long badSeq, String reason, long checked) {
      return new Verification(false, goodEntries, goodHash, badSeq, reason, checked);
    }

    /** This result with the legacy entries among the good ones counted, given the seal (or null). */
    Verification withLegacy(LegacySeal seal) {
      return seal == null ? this : new Verification(valid, entries, headHash, firstBadSeq, reason, checked,
          Math.min(entries, seal.end()));
    }
  }

  /** Checks entries (stored bytes, in sequence order) from the first one on. */
  public static Verification verify(List<byte[]> stored, AuditKeyRing keys) {
    return verify(stored, keys, null);
  }

  /** Checks entries from the first one on, with entries 1..{@code seal.end()} a sealed legacy range (or null). */
  static Verification verify(List<byte[]> stored, AuditKeyRing keys, LegacySeal seal) {
    String prev = GENESIS;
    long seq = 1;
    for (byte[] bytes : stored) {
      Checked c = check(bytes, seq, prev, keys, seal);
      if (c.problem() != null) return Verification.bad(seq - 1, prev, seq, c.problem(), seq).withLegacy(seal);
      prev = c.hash();
      seq++;
    }
    return new Verification(true, seq - 1, prev, 0, "", seq - 1).withLegacy(seal);
  }
}
