package org.telerounds.recorder.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex, as the recorder writes it into manifests and checks it against
 * binaries: of bytes, of a file, or a fresh digest for hashing while copying. Every JVM has
 * SHA-256, so its absence is an {@link IllegalStateException}, not a checked error.
 */
public final class Sha256 {
  private Sha256() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hex of what {@code d} has seen so far (which resets it). */
  public static String hex(MessageDigest d) {
    return HexFormat.of().formatHex(d.digest());
  }

  /** The hex SHA-256 of {@code bytes}. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /**
   * The hex SHA-256 of the file's content; with {@link LinkOption#NOFOLLOW_LINKS} a symbolic link
   * in place of the file is refused rather than followed.
   */
  public static String of(Path file, LinkOption... options) throws IOException {
    MessageDigest d = digest();
    try (InputStream in = Files.newInputStream(file, options)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
    }
    return hex(d);
  }
}
