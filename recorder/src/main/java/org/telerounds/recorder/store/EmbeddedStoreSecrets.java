package org.telerounds.recorder.store;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded object store's secrets, kept in a private directory apart from the data they
 * protect: its S3 access keys ({@code s3-credentials}, random, made on first start) and its
 * encryption-at-rest key. A key file left at an older location (next to the data, as telerounds
 * did before) is moved here on start; a store that holds objects never gets a fresh key, because
 * a fresh key could not read them: start-up stops instead and names the missing file.
 */
public final class EmbeddedStoreSecrets {
  private static final Logger LOG = LoggerFactory.getLogger("recorder.secrets");
  static final String CREDENTIALS = "s3-credentials";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path dir;

  /** The embedded store's S3 access key pair. */
  public record Credentials(String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "Credentials[accessKey=" + accessKey + ", secretKey=(hidden)]";
    }
  }

  private EmbeddedStoreSecrets(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating it owner-only, or narrowing it to owner-only) the secrets directory. */
  public static EmbeddedStoreSecrets open(Path dir) throws IOException {
    PrivateFiles.createDirectory(dir);
    if (PrivateFiles.narrow(dir)) {
      LOG.warn("recorder: the secrets directory {} was readable by other users; narrowed to rwx------", dir);
    }
    return new EmbeddedStoreSecrets(dir);
  }

  /** The access keys in {@code s3-credentials}; random ones are generated and written on first use. */
  public Credentials credentials() throws IOException {
    Path file = dir.resolve(CREDENTIALS);
    if (Files.exists(file)) {
      if (PrivateFiles.narrow(file)) LOG.warn("recorder: {} was readable by other users; narrowed to rw-------", file);
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file)));
      String access = p.getProperty("access-key", "").trim();
      String secret = p.getProperty("secret-key", "").trim();
      if (access.length() < 16 || secret.length() < 32) {
        throw new IOException(file + " must hold access-key (16+ characters) and secret-key (32+ characters)");
      }
      return new Credentials(access, secret);
    }
    Credentials c = new Credentials("tr" + random(15).replaceAll("[^A-Za-z0-9]", "x"), random(30));
    PrivateFiles.writeAtomically(file, "# the embedded S3 store's access keys, generated " + java.time.Instant.now()
        + "\naccess-key=" + c.accessKey() + "\nsecret-key=" + c.secretKey() + "\n");
    LOG.info("recorder: generated access keys for the embedded S3 store in {}", file);
    return c;
  }

  /**
   * The 48-byte encryption key in {@code keyFile}. When it is missing, a key found at one of
   * {@code legacy} is moved there (copied, read back, then the old file deleted); otherwise a new
   * key is made, unless {@code dataDir} already holds objects, which only the lost key could read.
   */
  public byte[] encryptionKey(Path keyFile, Path dataDir, List<Path> legacy) throws IOException {
    List<Path> old = legacy.stream().filter(Files::isRegularFile)
        .filter(p -> !sameFile(p, keyFile)).distinct().toList();
    if (Files.exists(keyFile)) {
      if (PrivateFiles.narrow(keyFile)) LOG.warn("recorder: {} was readable by other users; narrowed", keyFile);
      byte[] key = readKey(keyFile);
      for (Path p : old) {
        if (!Arrays.equals(readKey(p), key)) {
          throw new IOException("two different storage encryption keys: " + keyFile + " and " + p + ". Keep the one"
              + " the stored recordings were written with and move the other away");
        }
        Files.delete(p);
        LOG.warn("recorder: deleted {}, an old copy of the storage encryption key {}", p, keyFile);
      }
      return key;
    }
    if (!old.isEmpty()) {
      Path from = old.get(0);
      byte[] key = readKey(from);
      writeKey(keyFile, key);
      if (!Arrays.equals(readKey(keyFile), key)) throw new IOException("moving the key to " + keyFile + " failed");
      Files.delete(from);
      LOG.warn("recorder: moved the storage encryption key from {} (next to the data) to {}", from, keyFile);
      return encryptionKey(keyFile, dataDir, old.subList(1, old.size()));
    }
    if (holdsObjects(dataDir)) {
      throw new IOException("the embedded store " + dataDir + " holds objects but its encryption key " + keyFile
          + " is missing: restore the key file from its backup (a new key could not read the stored recordings)");
    }
    byte[] key = new byte[48];
    RANDOM.nextBytes(key);
    writeKey(keyFile, key);
    LOG.info("recorder: generated the storage encryption key {}; back it up apart from the data", keyFile);
    return key;
  }

  private static void writeKey(Path file, byte[] key) throws IOException {
    PrivateFiles.createDirectory(file.toAbsolutePath().getParent());
    PrivateFiles.writeAtomically(file, Base64.getEncoder().encodeToString(key) + "\n");
  }

  static byte[] readKey(Path file) throws IOException {
    try {
      byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
      if (key.length == 48) return key;
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IOException("the storage encryption key file " + file + " is not 48 base64-encoded bytes");
  }

  /** True if any object (a regular file inside a bucket directory) is stored under {@code dataDir}. */
  static boolean holdsObjects(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir)) return false;
    try (Stream<Path> s = Files.walk(dataDir)) {
      return s.anyMatch(p -> Files.isRegularFile(p) && !p.getParent().equals(dataDir));
    }
  }

  private static boolean sameFile(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
