package org.telerounds.signaling.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seal of a legacy range: entries 1..{@code end} written by the release before the audit keys
 * (a plain SHA-256 chain, no {@code keyId}, no {@code mac}), whose plain chain ended in
 * {@code head} when the upgraded server sealed it with one signed entry, {@code audit.legacy-sealed},
 * at {@code end + 1}. Verify accepts unsigned entries only inside a sealed range, and only while
 * their plain chain still ends in {@code head}: the seal proves they were not changed after the
 * upgrade, nothing about before. This class also holds the old format's check, exactly as the old
 * release verified it.
 */
record LegacySeal(long end, String head) {
  static final String ACTION = "audit.legacy-sealed";
  private static final Pattern DETAIL = Pattern.compile("legacy entries 1\\.\\.([1-9][0-9]{0,18}) "
      + "\\(unsigned, previous release\\), plain SHA-256 chain head ([0-9a-f]{64})");

  /** Entry {@code end + 1}, the seal. */
  long sealSeq() {
    return end + 1;
  }

  /** The event written as the seal. */
  AuditEvent event() {
    return new AuditEvent("telerounds", "server", "-", "audit/1.." + end, ACTION, "legacy entries 1.." + end
        + " (unsigned, previous release), plain SHA-256 chain head " + head, "sealed");
  }

  /** The seal an entry states, or null when it is not a seal. The entry's own checks are separate. */
  static LegacySeal of(JsonNode entry) {
    if (entry == null || !ACTION.equals(entry.path("action").asText())) return null;
    Matcher m = DETAIL.matcher(entry.path("detail").asText(""));
    if (!m.matches()) return null;
    try {
      return new LegacySeal(Long.parseLong(m.group(1)), m.group(2));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether an entry is in the old format: neither {@code keyId} nor {@code mac}. */
  static boolean unsigned(JsonNode entry) {
    return !entry.has("keyId") && !entry.has("mac");
  }

  /** The old release's hash: SHA-256 of the entry's JSON without {@code hash} only, fields in stored order. */
  static String plainHash(ObjectNode entry) {
    ObjectNode body = entry.deepCopy();
    body.remove("hash");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(body.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks entry {@code seq} in the old format, as the old release did (seq, link to {@code prev},
   * plain hash), and that it carries no signature fields. A null {@code bytes} is a missing entry.
   */
  static AuditChain.Checked checkPlain(byte[] bytes, long seq, String prev) {
    if (bytes == null) return new AuditChain.Checked(null, "entry " + seq + " is missing");
    JsonNode n;
    try {
      n = AuditChain.JSON.readTree(bytes);
    } catch (Exception e) {
      return new AuditChain.Checked(null, "entry " + seq + " is not valid JSON");
    }
    if (!(n instanceof ObjectNode o)) return new AuditChain.Checked(null, "entry " + seq + " is not an object");
    long found = o.path("seq").asLong(-1);
    if (found != seq) return new AuditChain.Checked(o, "entry " + seq + " is missing (found seq " + found + ")");
    if (!unsigned(o)) {
      return new AuditChain.Checked(o, "entry " + seq + " is inside the legacy range but carries keyId or mac");
    }
    if (!prev.equals(o.path("prev").asText())) {
      return new AuditChain.Checked(o, "legacy entry " + seq + " does not link to entry " + (seq - 1));
    }
    if (!plainHash(o).equals(o.path("hash").asText())) {
      return new AuditChain.Checked(o, "legacy entry " + seq + " was altered (hash mismatch)");
    }
    return new AuditChain.Checked(o, null);
  }
}
