package org.telerounds.cart.bundle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.telerounds.cart.load.BadFileException;
import org.telerounds.cart.load.TextFiles;

/**
 * Ed25519 keys with the JDK alone: generation, PEM files (PKCS#8 {@code PRIVATE KEY},
 * X.509 SubjectPublicKeyInfo {@code PUBLIC KEY}, as OpenSSL writes them), key ids, and the public
 * key of a private key, so that {@code sign} needs only the private key file. The public key DER
 * is also what WebCrypto's {@code importKey("spki", ..)} takes.
 */
public final class Ed25519Keys {
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private Ed25519Keys() {}

  /** A fresh key pair from the system's strong random source. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** The key id: the first 16 hex digits of the SHA-256 of the public key's DER. */
  public static String keyId(PublicKey key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /**
   * The public key of {@code key}. The JDK has no API for this, but its Ed25519 generator takes
   * the 32-byte private seed from the random source it is given, so a generator fed the seed
   * recreates the pair; the result is checked against the seed.
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow();
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      KeyPair pair = g.generateKeyPair();
      byte[] again = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      if (!Arrays.equals(seed, again)) {
        throw new IllegalStateException("could not derive the Ed25519 public key");
      }
      return pair.getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** {@code key} as a PEM {@code PRIVATE KEY} (PKCS#8). */
  public static String privatePem(PrivateKey key) {
    return pem(PRIVATE, key.getEncoded());
  }

  /** {@code key} as a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo). */
  public static String publicPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  /** Reads an Ed25519 private key from a PKCS#8 PEM file. */
  public static PrivateKey readPrivate(Path file) throws BadFileException {
    byte[] der = readPem(file, PRIVATE);
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new BadFileException(file + ": not an Ed25519 private key (PKCS#8 PEM)");
    }
  }

  /** Reads an Ed25519 public key from a SubjectPublicKeyInfo PEM file. */
  public static PublicKey readPublic(Path file) throws BadFileException {
    byte[] der = readPem(file, PUBLIC);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new BadFileException(file + ": not an Ed25519 public key (SubjectPublicKeyInfo PEM)");
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] readPem(Path file, String type) throws BadFileException {
    String text = TextFiles.read(file, "key");
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new BadFileException(file + ": expected a PEM block \"" + begin + "\"");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).strip());
    } catch (IllegalArgumentException e) {
      throw new BadFileException(file + ": the PEM block is not valid Base64");
    }
  }

  /** A random source that hands out one fixed seed: only for {@link #publicKeyOf}. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
