package org.telerounds.media.dtls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's self-signed ECDSA P-256 DTLS certificate and its SHA-256 fingerprint, as advertised
 * in every SDP the server writes (RFC 8122). One is generated per process start.
 */
public final class DtlsCertificate {
  private final byte[] der;
  private final AsymmetricKeyParameter privateKey;
  private final String fingerprint;

  private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
    this.der = der;
    this.privateKey = privateKey;
    this.fingerprint = fingerprintOf(der);
  }

  /** Generates a fresh certificate valid for 30 days. */
  public static DtlsCertificate generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=telerounds");
      Instant now = Instant.now();
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      return new DtlsCertificate(holder.getEncoded(), PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot generate the DTLS certificate", e);
    }
  }

  /** "AB:CD:..." upper-case SHA-256 of a DER certificate, as written in {@code a=fingerprint}. */
  public static String fingerprintOf(byte[] der) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(der);
      StringBuilder sb = new StringBuilder();
      for (byte b : h) {
        if (sb.length() > 0) sb.append(':');
        sb.append(HexFormat.of().toHexDigits(b).toUpperCase(Locale.ROOT));
      }
      return sb.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] der() { return der.clone(); }
  AsymmetricKeyParameter privateKey() { return privateKey; }
  /** The SHA-256 fingerprint, colon-separated upper-case hex. */
  public String fingerprint() { return fingerprint; }
}
