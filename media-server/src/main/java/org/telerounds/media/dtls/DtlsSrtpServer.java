package org.telerounds.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.telerounds.media.srtp.SrtpKeyMaterial;
import org.telerounds.media.srtp.SrtpProfile;

/**
 * BouncyCastle DTLS 1.2 server with the use_srtp extension (RFC 5764). It demands the client's
 * certificate, checks its SHA-256 fingerprint against the one in the peer's SDP, negotiates an SRTP
 * profile from the configured preference list, and exports the SRTP keying material. A handshake
 * gives up after its time limit instead of waiting forever for a silent peer.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
  private final DtlsCertificate certificate;
  private final String expectedFingerprint;
  private final List<SrtpProfile> preferred;
  private final int handshakeTimeoutMillis;
  private SrtpProfile chosen;
  private SrtpKeyMaterial keys;

  DtlsSrtpServer(DtlsCertificate certificate, String expectedFingerprint, List<SrtpProfile> preferred,
      int handshakeTimeoutMillis) {
    super(new BcTlsCrypto(new SecureRandom()));
    this.certificate = certificate;
    this.expectedFingerprint = expectedFingerprint;
    this.preferred = preferred;
    this.handshakeTimeoutMillis = Math.max(1, handshakeTimeoutMillis);
  }

  /** BouncyCastle gives up (TlsTimeoutException) after this long; its default 0 waits forever. */
  @Override
  public int getHandshakeTimeoutMillis() {
    return handshakeTimeoutMillis;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return new int[] {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() {
    BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
    Certificate chain;
    try {
      chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
          new BcTlsCertificate(crypto, certificate.der())});
    } catch (IOException e) {
      throw new IllegalStateException("server certificate cannot be parsed", e);
    }
    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
        certificate.privateKey(), chain, SignatureAndHashAlgorithm.getInstance(
            org.bouncycastle.tls.HashAlgorithm.sha256, org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
  }

  @Override
  public CertificateRequest getCertificateRequest() {
    Vector<SignatureAndHashAlgorithm> algs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
    return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        algs, null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    if (clientCertificate == null || clientCertificate.isEmpty()) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }
    String actual = DtlsCertificate.fingerprintOf(clientCertificate.getCertificateAt(0).getEncoded());
    if (!actual.equalsIgnoreCase(expectedFingerprint)) {
      throw new FingerprintMismatchException();
    }
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (offered == null) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }
    for (SrtpProfile p : preferred) {
      for (int id : offered.getProtectionProfiles()) {
        if (id == p.dtlsId()) {
          chosen = p;
          return;
        }
      }
    }
    throw new TlsFatalAlert(AlertDescription.handshake_failure);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable ext = super.getServerExtensions();
    if (ext == null) ext = new Hashtable();
    TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {chosen.dtlsId()}, TlsUtils.EMPTY_BYTES));
    return ext;
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    int keyLen = chosen.keyLength();
    int saltLen = chosen.saltLength();
    byte[] m = context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 2 * (keyLen + saltLen));
    keys = SrtpKeyMaterial.fromDtlsExport(chosen, m, true);
  }

  SrtpKeyMaterial keys() { return keys; }

  /** The client's certificate does not match the fingerprint in its SDP. */
  static final class FingerprintMismatchException extends TlsFatalAlert {
    FingerprintMismatchException() {
      super(AlertDescription.bad_certificate, "certificate fingerprint does not match the SDP");
    }
  }
}
