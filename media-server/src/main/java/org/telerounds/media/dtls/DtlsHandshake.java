package org.telerounds.media.dtls;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.srtp.SrtpKeyMaterial;
import org.telerounds.media.srtp.SrtpProfile;

/**
 * One DTLS server session. BouncyCastle's handshake blocks, so it runs on the DTLS executor, never
 * on the socket's event loop; records arrive through {@link #offer}. After the handshake a reader
 * keeps draining the session so retransmitted flights and close_notify are handled.
 */
public final class DtlsHandshake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("media.dtls");
  private final QueueDatagramTransport transport;
  private final DtlsCertificate certificate;
  private final List<SrtpProfile> profiles;
  private final CompletableFuture<SrtpKeyMaterial> keys = new CompletableFuture<>();
  private volatile DTLSTransport session;
  private volatile boolean closed;

  public DtlsHandshake(DtlsCertificate certificate, List<SrtpProfile> profiles, Consumer<byte[]> sender) {
    this.transport = new QueueDatagramTransport(sender);
    this.certificate = certificate;
    this.profiles = profiles;
  }

  /**
   * Starts the handshake on {@code executor} once the peer's SDP fingerprint is known. Records that
   * arrived earlier wait in the queue. The future completes with the SRTP keys or fails.
   */
  public CompletableFuture<SrtpKeyMaterial> start(Executor executor, String remoteFingerprint) {
    DtlsSrtpServer server = new DtlsSrtpServer(certificate, remoteFingerprint, profiles);
    executor.execute(() -> run(server));
    return keys;
  }

  /** Hands a DTLS record to the session. Returns false when it had to be dropped. */
  public boolean offer(byte[] record) {
    return transport.offer(record);
  }

  private void run(DtlsSrtpServer server) {
    try {
      session = new DTLSServerProtocol().accept(server, transport);
      keys.complete(server.keys());
      byte[] buf = new byte[1500];
      while (!closed) {
        if (session.receive(buf, 0, buf.length, 1000) < 0 && closed) {
          break;
        }
      }
    } catch (Exception e) {
      if (!keys.isDone()) {
        keys.completeExceptionally(e);
      } else if (!closed) {
        LOG.debug("DTLS session ended: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    DTLSTransport s = session;
    if (s != null) {
      try {
        s.close();
      } catch (Exception ignored) {
        // best effort close_notify
      }
    }
    transport.close();
    keys.completeExceptionally(new IllegalStateException("closed"));
  }

  /** True if {@code t} (or a cause) is the fingerprint check failing. */
  public static boolean isFingerprintMismatch(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DtlsSrtpServer.FingerprintMismatchException) return true;
    }
    return false;
  }
}
