package org.telerounds.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telerounds.media.srtp.SrtpKeyMaterial;
import org.telerounds.media.srtp.SrtpProfile;

/** Our DTLS server against a BouncyCastle DTLS client over an in-memory datagram pipe. */
class DtlsHandshakeTest {
  /** Runs the test's BouncyCastle clients (the server side runs on {@link #dtls}). */
  final ExecutorService pool = Executors.newCachedThreadPool();
  final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  final DtlsPool dtls = new DtlsPool(new DtlsPool.Settings(2, 64, Duration.ofSeconds(10)));

  @AfterEach
  void close() {
    pool.shutdownNow();
    timers.shutdownNow();
    dtls.close();
  }

  static DtlsHandshake handshake(DtlsCertificate server, List<SrtpProfile> profiles, Pipe pipe) {
    DtlsHandshake hs = new DtlsHandshake(server, profiles, pipe::fromServer, Clock.systemUTC());
    pipe.server = hs;
    return hs;
  }

  @Test
  void matchingFingerprintYieldsMirroredSrtpKeys() throws Exception {
    DtlsCertificate server = DtlsCertificate.generate();
    DtlsCertificate client = DtlsCertificate.generate();
    Pipe pipe = new Pipe();
    DtlsHandshake hs = handshake(server, List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80),
        pipe);
    var serverKeys = hs.start(dtls, timers, client.fingerprint(), Duration.ofSeconds(10));
    Future<byte[]> clientKeys = pool.submit(() -> runClient(client, pipe).exported());
    SrtpKeyMaterial k = serverKeys.get(10, TimeUnit.SECONDS);
    assertThat(k.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    SrtpKeyMaterial c = SrtpKeyMaterial.fromDtlsExport(k.profile(), clientKeys.get(10, TimeUnit.SECONDS), false);
    assertThat(c.localKey()).isEqualTo(k.remoteKey());
    assertThat(c.remoteSalt()).isEqualTo(k.localSalt());
    hs.close();
  }

  @Test
  void certificateNotMatchingTheSdpFingerprintIsRefused() throws Exception {
    DtlsCertificate server = DtlsCertificate.generate();
    DtlsCertificate client = DtlsCertificate.generate();
    DtlsCertificate other = DtlsCertificate.generate();
    Pipe pipe = new Pipe();
    DtlsHandshake hs = handshake(server, List.of(SrtpProfile.AEAD_AES_128_GCM), pipe);
    var serverKeys = hs.start(dtls, timers, other.fingerprint(), Duration.ofSeconds(10));
    pool.submit(() -> runClient(client, pipe));
    assertThatThrownBy(() -> serverKeys.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .satisfies(e -> assertThat(DtlsHandshake.isFingerprintMismatch(e)).isTrue());
    hs.close();
  }

  /**
   * Datagrams between the server's queue transport and the client. Everything the client sends is
   * kept in {@link #fromClient}; with {@code clientSends} n only the first n reach the server.
   */
  static final class Pipe implements org.bouncycastle.tls.DatagramTransport {
    final java.util.concurrent.BlockingQueue<byte[]> toClient = new java.util.concurrent.LinkedBlockingQueue<>();
    final List<byte[]> fromClient = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile DtlsHandshake server;
    volatile int clientSends = Integer.MAX_VALUE;
    /** When set, the server's first datagram that starts with ChangeCipherSpec (its final flight) is lost. */
    volatile boolean loseServerFinalFlight;
    final java.util.concurrent.atomic.AtomicInteger serverFinalFlights = new java.util.concurrent.atomic.AtomicInteger();

    void fromServer(byte[] d) {
      if (d.length > 0 && d[0] == 20 && serverFinalFlights.incrementAndGet() == 1 && loseServerFinalFlight) return;
      toClient.offer(d);
    }

    @Override public int getReceiveLimit() { return 1500; }
    @Override public int getSendLimit() { return 1200; }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws java.io.IOException {
      try {
        byte[] r = toClient.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (r == null) return -1;
        System.arraycopy(r, 0, buf, off, r.length);
        return r.length;
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
      byte[] d = java.util.Arrays.copyOfRange(buf, off, off + len);
      fromClient.add(d);
      if (fromClient.size() <= clientSends) server.offer(d);
    }

    @Override public void close() {}
  }

  /** The client's side of a finished handshake. */
  record ClientSide(DTLSTransport session, byte[] exported) {}

  static ClientSide runClient(DtlsCertificate cert, Pipe pipe) throws Exception {
    BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    byte[][] exported = new byte[1][];
    DefaultTlsClient client = new DefaultTlsClient(crypto) {
      @Override
      protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
      }

      @Override
      @SuppressWarnings({"rawtypes", "unchecked"})
      public Hashtable getClientExtensions() throws java.io.IOException {
        Hashtable ext = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {0x0007, 0x0001}, new byte[0]));
        return ext;
      }

      @Override
      public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
          @Override public void notifyServerCertificate(TlsServerCertificate c) {}

          @Override
          public TlsCredentials getClientCredentials(CertificateRequest req) throws java.io.IOException {
            Certificate chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
                new BcTlsCertificate(crypto, cert.der())});
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, cert.privateKey(),
                chain, SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                    org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
          }
        };
      }

      @Override
      public void notifyHandshakeComplete() throws java.io.IOException {
        super.notifyHandshakeComplete();
        exported[0] = context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 2 * (16 + 12));
      }
    };
    DTLSTransport session = new DTLSClientProtocol().connect(client, pipe);
    return new ClientSide(session, exported[0]);
  }
}
