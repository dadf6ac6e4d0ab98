package org.telerounds.media.ice;

import java.security.SecureRandom;

/** A local ICE username fragment and password (RFC 8445 §5.3), random and SDP-safe. */
public record IceCredentials(String ufrag, String password) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  /** Generates fresh credentials: an 8-character ufrag and a 24-character password. */
  public static IceCredentials generate() {
    return new IceCredentials(random(8), random(24));
  }

  private static String random(int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    return new String(c);
  }

  @Override
  public String toString() {
    return "IceCredentials[ufrag=" + ufrag + ", password=<redacted>]";
  }
}
