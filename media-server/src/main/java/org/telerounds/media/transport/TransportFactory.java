package org.telerounds.media.transport;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.telerounds.media.dtls.DtlsCertificate;
import org.telerounds.media.dtls.DtlsPool;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.sdp.SessionDescription.TransportParams;
import org.telerounds.media.srtp.SrtpProfile;

/**
 * Owns the media port, the DTLS certificate and the bounded {@link DtlsPool}, and creates {@link
 * WebRtcTransport}s on it. It also runs consent-freshness checks. Closing it closes every
 * transport, the DTLS pool (no {@code media-dtls-*} thread is left) and the port.
 */
public final class TransportFactory implements AutoCloseable {
  private final TransportRegistry registry = new TransportRegistry();
  private final DtlsCertificate certificate = DtlsCertificate.generate();
  private final DtlsPool dtlsPool;
  private final MediaPort port;
  private final MediaMetrics metrics;
  private final Clock clock;
  private final List<SrtpProfile> profiles;
  private final java.util.Set<WebRtcTransport> live = new java.util.HashSet<>();
  private final ScheduledFuture<?> consentTask;
  private final TcpMediaPort tcpPort;
  private final IcePaths paths;

  public TransportFactory(String bindAddress, int udpPort, List<SrtpProfile> profiles, long consentTimeoutMillis,
      DtlsPool.Settings dtls, MediaMetrics metrics, Clock clock) {
    this(bindAddress, udpPort, profiles, consentTimeoutMillis, dtls, TcpMediaPort.Settings.DISABLED,
        java.util.Set.of(), metrics, new org.telerounds.media.metrics.IcePathMetrics(
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), clock);
  }

  /**
   * A factory whose transports may also be reached over ICE-TCP ({@code tcp}, when enabled) and
   * whose clients coming from one of {@code turnRelays} count as relayed by TURN.
   */
  public TransportFactory(String bindAddress, int udpPort, List<SrtpProfile> profiles, long consentTimeoutMillis,
      DtlsPool.Settings dtls, TcpMediaPort.Settings tcp, java.util.Set<java.net.InetAddress> turnRelays,
      MediaMetrics metrics, org.telerounds.media.metrics.IcePathMetrics pathMetrics, Clock clock) {
    warmUpSrtp(profiles);
    this.dtlsPool = new DtlsPool(dtls);
    this.metrics = metrics;
    this.clock = clock;
    this.profiles = List.copyOf(profiles);
    DatagramDemuxHandler handler = new DatagramDemuxHandler(registry, metrics);
    this.port = new MediaPort(bindAddress, udpPort, handler, metrics);
    handler.attach(port);
    this.paths = new IcePaths(turnRelays, pathMetrics);
    TcpMediaPort listener = null;
    if (tcp.enabled()) {
      try {
        listener = new TcpMediaPort(bindAddress, tcp, port, handler.dispatcher(), metrics, pathMetrics);
      } catch (RuntimeException e) {
        port.close();
        dtlsPool.close();
        throw e;
      }
    }
    this.tcpPort = listener;
    long period = Math.max(500, Math.min(5000, consentTimeoutMillis / 4));
    consentTask = port.eventLoop().scheduleAtFixedRate(() -> {
      for (WebRtcTransport t : List.copyOf(live)) {
        t.expireConsent(consentTimeoutMillis);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    metrics.gauge("telerounds.media.dtls.pool.queued", "DTLS handshakes and drains waiting for a pool thread",
        dtlsPool::queued);
    metrics.gauge("telerounds.media.dtls.pool.active", "DTLS pool threads busy now (handshakes and drains)",
        dtlsPool::active);
  }

  /**
   * jitsi-srtp chooses its AES implementation by benchmarking them on first use, which took 3-6 s
   * on a busy 2-core machine: done here, at start-up, instead of on the media loop when the first
   * client connects (it stalled every transport on the loop, UDP and TCP alike).
   */
  private static void warmUpSrtp(List<SrtpProfile> profiles) {
    for (SrtpProfile p : profiles) {
      byte[] keys = new byte[2 * (p.keyLength() + p.saltLength())];
      try (org.telerounds.media.srtp.SrtpSession s = new org.telerounds.media.srtp.SrtpSession(
          org.telerounds.media.srtp.SrtpKeyMaterial.fromDtlsExport(p, keys, true))) {
        byte[] rtp = new byte[12 + 100 + 64];
        rtp[0] = (byte) 0x80;
        s.protectRtp(rtp, 0, 112, 1);
      }
    }
  }

  public MediaPort port() { return port; }
  public String fingerprint() { return certificate.fingerprint(); }
  public int transports() { return live.size(); }
  public DtlsPool dtlsPool() { return dtlsPool; }
  /** The ICE-TCP listener's port, or 0 when ICE-TCP is off. */
  public int tcpPort() { return tcpPort == null ? 0 : tcpPort.localAddress().getPort(); }

  /** Creates a transport; must be called on the media event loop. */
  public WebRtcTransport create(String id, WebRtcTransport.Listener listener) {
    WebRtcTransport t = new WebRtcTransport(id, certificate, profiles, port, registry, metrics, paths, clock,
        listener);
    registry.add(t);
    live.add(t);
    return t;
  }

  /**
   * Applies the peer's SDP transport parameters; on the media event loop. Says whether this was
   * the first SDP, an ICE restart or no change; a changed DTLS certificate is refused with
   * {@link IllegalArgumentException}.
   */
  public WebRtcTransport.RemoteChange setRemote(WebRtcTransport t, TransportParams params) {
    return t.setRemote(params, dtlsPool);
  }

  /** Closes and forgets a transport; on the media event loop. */
  public void destroy(WebRtcTransport t) {
    live.remove(t);
    t.close();
  }

  @Override
  public void close() {
    consentTask.cancel(false);
    try {
      port.eventLoop().submit(() -> {
        List.copyOf(live).forEach(this::destroy);
      }).await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (tcpPort != null) tcpPort.close();
    dtlsPool.close(); // after the transports' close_notify tasks, before the port goes
    port.close();
  }
}
