package org.telerounds.signaling.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.store.PrivateFiles;

/**
 * The HMAC-SHA256 keys that authenticate audit entries and checkpoints. They live in a file
 * outside the object store ({@code telerounds.audit.key-file}), one key a line: {@code <id>
 * <base64, at least 32 bytes>}. The last line is the key new entries are signed with; the lines
 * before it are older keys kept to verify what they signed (rotation appends a line). Without a
 * file one key is generated on first start, in a directory made {@code rwx------} and a file
 * {@code rw-------}; a file others can read is narrowed to owner-only, with a warning.
 * Whoever can write the bucket but cannot read this file cannot forge an entry.
 */
public final class AuditKeyRing {
  private static final Logger LOG = LoggerFactory.getLogger("audit");
  static final int MIN_KEY_BYTES = 32;
  private final Map<String, byte[]> keys;
  private final String current;

  /** Keys in file order; the last one signs. */
  public AuditKeyRing(Map<String, byte[]> keys) {
    if (keys.isEmpty()) throw new IllegalArgumentException("no audit key");
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    String last = null;
    for (String id : keys.keySet()) last = id;
    this.current = last;
  }

  /** A ring of one fresh random key (tests, and the first start). */
  public static AuditKeyRing generate() {
    byte[] key = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new AuditKeyRing(Map.of(idOf(key), key));
  }

  /** The id written into entries: {@code k-} and 12 hex digits of the key's SHA-256 (not secret). */
  static String idOf(byte[] key) {
    try {
      return "k-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads {@code file}, or creates it owner-only with one new key when it does not exist. */
  public static AuditKeyRing loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      AuditKeyRing ring = generate();
      PrivateFiles.createDirectory(file.toAbsolutePath().getParent());
      byte[] key = ring.keys.get(ring.current);
      PrivateFiles.createNew(file, "# telerounds audit HMAC keys: <id> <base64>; the last line signs (docs/"
          + "security.md#the-audit-log)\n" + ring.current + " " + Base64.getEncoder().encodeToString(key) + "\n");
      LOG.info("audit log: generated a new audit key {} in {}; back it up apart from the object store", ring.current,
          file);
      return ring;
    }
    if (PrivateFiles.narrow(file)) {
      LOG.warn("audit log: the audit key file {} was readable by others; it is now owner-only", file);
    }
    Map<String, byte[]> keys = new LinkedHashMap<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String[] parts = t.split("\\s+");
      byte[] key;
      try {
        if (parts.length != 2) throw new IllegalArgumentException();
        key = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IOException("audit key file " + file + " line " + n + ": expected \"<id> <base64 key>\"");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IOException("audit key file " + file + " line " + n + ": the key is shorter than " + MIN_KEY_BYTES
            + " bytes");
      }
      if (!parts[0].matches("[A-Za-z0-9._-]{1,40}") || keys.put(parts[0], key) != null) {
        throw new IOException("audit key file " + file + " line " + n + ": the id must be unique, 1-40 of "
            + "[A-Za-z0-9._-]");
      }
    }
    if (keys.isEmpty()) throw new IOException("audit key file " + file + " holds no key");
    return new AuditKeyRing(keys);
  }

  /** The id of the signing key. */
  public String currentId() {
    return current;
  }

  /** Whether {@code id} is a key of this ring. */
  public boolean knows(String id) {
    return keys.containsKey(id);
  }

  /** HMAC-SHA256 of {@code data} with key {@code id}, hex; null for an unknown id. */
  public String mac(String id, String data) {
    byte[] key = keys.get(id);
    if (key == null) return null;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code mac} is key {@code id}'s HMAC of {@code data} (constant time). */
  public boolean verify(String id, String data, String mac) {
    String expected = mac(id, data);
    return expected != null && mac != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        mac.getBytes(StandardCharsets.US_ASCII));
  }

}
