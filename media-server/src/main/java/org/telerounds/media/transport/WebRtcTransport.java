package org.telerounds.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import org.telerounds.media.dtls.DtlsPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.dtls.DtlsCertificate;
import org.telerounds.media.dtls.DtlsHandshake;
import org.telerounds.media.ice.IceCredentials;
import org.telerounds.media.ice.IceLiteAgent;
import org.telerounds.media.ice.StunMessage;
import org.telerounds.media.metrics.IcePathMetrics;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.metrics.MediaMetrics.PacketType;
import org.telerounds.media.sdp.SessionDescription.TransportParams;
import org.telerounds.media.srtp.SrtpSession;

/**
 * One PeerConnection's transport on the server: ICE-lite checks, a DTLS server session and the
 * SRTP keys it yields. Its state is touched only on the media event loop; the DTLS handshake runs
 * on the shared {@link DtlsPool} and reports back through the loop.
 */
public final class WebRtcTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("media.transport");

  /** Receives decrypted packets and state changes, on the media event loop. */
  public interface Listener {
    void onRtp(WebRtcTransport t, byte[] b, int off, int len, long arrivalNanos);
    void onRtcp(WebRtcTransport t, byte[] b, int off, int len);
    void onConnected(WebRtcTransport t);
    void onFailed(WebRtcTransport t, String reason);
  }

  private final String id;
  private final IceLiteAgent ice;
  private final DtlsHandshake dtls;
  private final MediaPort port;
  private final TransportRegistry registry;
  private final MediaMetrics metrics;
  private final Listener listener;
  private final long rtcpSsrc = 0x10000000L + (long) (Math.random() * 0x6FFFFFFFL);
  private final IcePaths paths;
  private final List<TcpMediaConnection> tcp = new java.util.ArrayList<>(2);
  private volatile MediaRoute route;
  private UdpRoute lastUdp;
  private IcePathMetrics.Path connectedPath;
  private SrtpSession srtp;
  private boolean remoteSet;
  private String remoteFingerprint;
  /** Nanos of the last packet from the client by the selected route (its checks, DTLS, SRTP). */
  private long lastInboundNanos;
  /** How long the selected route must be silent before a check from a new address takes over. */
  static final long REBIND_QUIET_MS = 2_000;
  private boolean closed;

  WebRtcTransport(String id, DtlsCertificate cert, List<org.telerounds.media.srtp.SrtpProfile> profiles,
      MediaPort port, TransportRegistry registry, MediaMetrics metrics, IcePaths paths, Clock clock,
      Listener listener) {
    this.id = id;
    this.ice = new IceLiteAgent(IceCredentials.generate(), clock);
    this.port = port;
    this.registry = registry;
    this.metrics = metrics;
    this.listener = listener;
    this.paths = paths;
    this.dtls = new DtlsHandshake(cert, profiles, bytes -> {
      MediaRoute r = route;
      if (r != null) r.send(bytes, PacketType.DTLS);
    }, clock);
  }

  public String id() { return id; }
  public String localUfrag() { return ice.localCredentials().ufrag(); }
  public IceCredentials localCredentials() { return ice.localCredentials(); }
  /** SSRC the server uses as sender of its own RTCP on this transport. */
  public long rtcpSsrc() { return rtcpSsrc; }
  public boolean isConnected() { return srtp != null && !closed; }
  public InetSocketAddress remoteAddress() {
    MediaRoute r = route;
    return r == null ? null : r.remote();
  }

  /** The network path of the nominated route (UDP, TCP or TURN), or null before ICE. On the loop. */
  public IcePathMetrics.Path path() {
    MediaRoute r = route;
    return r == null ? null : paths.of(r);
  }

  /** What a peer's SDP changed on a transport that already had one. */
  public enum RemoteChange { FIRST, SAME, ICE_RESTART }

  /**
   * Applies the peer's ICE ufrag and DTLS fingerprint from its SDP. The first SDP starts DTLS. A
   * later one with another ufrag is an ICE restart: as answerer (no restart of ours is waiting for
   * the peer's ufrag) this transport takes new credentials too, which its answer carries (RFC 8839
   * §4.4.1.1.1). DTLS and SRTP go on as they are: the peer's certificate must not change, or the
   * SDP is refused ({@link IllegalArgumentException}), since a new DTLS association on a live
   * transport is not supported.
   */
  RemoteChange setRemote(TransportParams params, DtlsPool pool) {
    if (remoteSet) {
      if (!params.fingerprint().equalsIgnoreCase(remoteFingerprint)) {
        throw new IllegalArgumentException("the DTLS certificate fingerprint changed on a live transport");
      }
      String known = ice.remoteUfrag();
      if (params.iceUfrag().equals(known)) {
        return RemoteChange.SAME;
      }
      if (known != null) {
        restartIce(); // the peer restarted: we answer with new credentials of our own
      }
      ice.setRemoteUfrag(params.iceUfrag());
      log(() -> LOG.info("{} ICE restart: new credentials on both sides", pc()));
      return RemoteChange.ICE_RESTART;
    }
    remoteSet = true;
    remoteFingerprint = params.fingerprint();
    ice.setRemoteUfrag(params.iceUfrag());
    dtls.start(pool, port.eventLoop(), params.fingerprint(), pool.settings().handshakeTimeout())
        .whenComplete((keys, err) -> port.eventLoop().execute(() -> {
      if (closed) return;
      if (err != null) {
        String reason = dtlsFailure(err);
        log(() -> LOG.warn("{} DTLS failed: {}", pc(), reason.equals("dtls-fingerprint-mismatch")
            ? "certificate fingerprint mismatch" : err.getMessage()));
        listener.onFailed(this, reason);
      } else {
        srtp = new SrtpSession(keys);
        MediaRoute r = route;
        if (r != null) {
          connectedPath = paths.of(r);
          paths.metrics().connected(connectedPath);
        }
        log(() -> LOG.info("{} transport connected ({})", pc(), keys.profile()));
        listener.onConnected(this);
      }
    }));
    return RemoteChange.FIRST;
  }

  /**
   * Starts a new ICE generation with fresh local credentials (the next SDP of ours carries them):
   * the offerer's side of an ICE restart, or the answerer's when the peer's SDP restarted. Checks
   * of the old generation are answered until the peer's first check of the new one, which then
   * selects its path. On the media event loop.
   */
  public IceCredentials restartIce() {
    IceCredentials fresh = IceCredentials.generate();
    String abandoned = ice.restartPending() ? ice.localCredentials().ufrag() : null; // never used
    ice.restart(fresh);
    if (abandoned != null) registry.removeUfrag(abandoned, this);
    registry.addUfrag(fresh.ufrag(), this);
    paths.metrics().iceRestart();
    return fresh;
  }

  /** Counts a failed handshake by cause and names it for the listener. */
  private String dtlsFailure(Throwable err) {
    if (DtlsHandshake.isFingerprintMismatch(err)) {
      metrics.dtlsFingerprintFailure();
      return "dtls-fingerprint-mismatch";
    } else if (DtlsHandshake.isTimeout(err)) {
      metrics.dtlsTimeout();
      return "dtls-timeout";
    } else if (DtlsHandshake.isOverload(err)) {
      metrics.dtlsOverload();
      return "dtls-overload";
    }
    metrics.dtlsHandshakeFailure();
    return "dtls-handshake-failed";
  }

  /**
   * Answers a binding request that came by {@code via} at {@code nowNanos}; when it nominates (or
   * is the first accepted check), {@code via} becomes the route every outgoing packet takes. So
   * does an authenticated check from a new address while nothing has come by the selected route
   * for {@value #REBIND_QUIET_MS} ms once connected: the client's NAT gave it a new port, or it
   * moved to another network, and its consent checks are all that tell us (a browser does not
   * nominate again for that). Only a holder of the ICE password can make such a check, and only
   * a silent route is left.
   */
  IceLiteAgent.CheckResult onBindingRequest(StunMessage m, InetSocketAddress from, MediaRoute via, long nowNanos) {
    boolean first = ice.selectedAddress() == null;
    String retiring = ice.previousUfrag();
    IceLiteAgent.CheckResult r = ice.onBindingRequest(m, from);
    if (!r.accepted() || closed) {
      return r;
    }
    if (retiring != null && ice.previousUfrag() == null) {
      registry.removeUfrag(retiring, this); // the restart completed: the old credentials are spent
    }
    MediaRoute current = route;
    if (r.nominated() || first) {
      select(via);
    } else if (srtp != null && current != null && !via.equals(current)
        && nowNanos - lastInboundNanos > REBIND_QUIET_MS * 1_000_000L) {
      paths.metrics().rebind();
      log(() -> LOG.info("{} the client's address changed: following it", pc()));
      select(via);
    }
    if (via.equals(route)) lastInboundNanos = nowNanos;
    return r;
  }

  /** The UDP route to {@code from} (reused while the peer's address stays the same). */
  UdpRoute udpRoute(MediaPort p, InetSocketAddress from) {
    UdpRoute u = lastUdp;
    if (u == null || !u.remote().equals(from)) {
      u = new UdpRoute(p, from);
      lastUdp = u;
    }
    return u;
  }

  private void select(MediaRoute via) {
    MediaRoute old = route;
    if (via.equals(old)) {
      return;
    }
    route = via;
    if (old != null && old.kind() == MediaRoute.Kind.UDP) registry.unbind(old.remote(), this);
    if (via.kind() == MediaRoute.Kind.UDP) registry.bind(via.remote(), this);
    if (connectedPath != null) {
      IcePathMetrics.Path now = paths.of(via);
      if (now != connectedPath) {
        paths.metrics().disconnected(connectedPath);
        paths.metrics().connected(now);
        connectedPath = now;
      }
    }
    log(() -> LOG.info("{} ICE selected {} path", pc(), paths.of(via).name().toLowerCase()));
  }

  /** An ICE-TCP connection authenticated for this transport; closed with it. */
  void attachTcp(TcpMediaConnection c) {
    if (closed) {
      c.closeFor(IcePathMetrics.TcpClose.TRANSPORT_CLOSED);
    } else if (!tcp.contains(c)) {
      tcp.add(c);
    }
  }

  /** One of this transport's ICE-TCP connections closed; if it was the nominated route, the transport fails. */
  void routeClosed(TcpMediaConnection c) {
    tcp.remove(c);
    if (route == c && !closed) {
      log(() -> LOG.info("{} ICE-TCP connection closed", pc()));
      listener.onFailed(this, "ice-tcp-closed");
    }
  }

  void onDtls(byte[] b, int off, int len) {
    lastInboundNanos = System.nanoTime();
    byte[] copy = new byte[len];
    System.arraycopy(b, off, copy, 0, len);
    if (!dtls.offer(copy)) {
      metrics.drop(DropReason.DTLS_QUEUE_FULL);
    }
  }

  void onSrtp(boolean rtcp, byte[] b, int off, int len, long arrivalNanos) {
    lastInboundNanos = arrivalNanos;
    if (srtp == null) {
      metrics.drop(DropReason.SRTP_NOT_READY);
      return;
    }
    if (rtcp) {
      if (len < 8) { metrics.drop(DropReason.MALFORMED); return; }
      int n = srtp.unprotectRtcp(b, off, len, readUint32(b, off + 4));
      if (n < 0) { metrics.drop(DropReason.SRTP_AUTH); return; }
      listener.onRtcp(this, b, off, n);
    } else {
      if (len < 12) { metrics.drop(DropReason.MALFORMED); return; }
      int n = srtp.unprotectRtp(b, off, len, readUint32(b, off + 8));
      if (n < 0) { metrics.drop(DropReason.SRTP_AUTH); return; }
      listener.onRtp(this, b, off, n, arrivalNanos);
    }
  }

  /** A stream this transport carried has ended: its SRTP contexts go (on the loop). */
  public void forgetSsrc(long ssrc) {
    if (srtp != null && ssrc >= 0) srtp.forget(ssrc);
  }

  /** Room to leave after a packet so it can be protected in place. */
  public int protectOverhead() { return srtp == null ? 20 : srtp.maxOverhead(); }

  /**
   * Encrypts and queues the RTP packet held in {@code buf} (readable bytes, array-backed, with
   * {@link #protectOverhead} writable bytes spare). Takes ownership of {@code buf}.
   */
  public void sendRtp(ByteBuf buf, long ssrc) {
    protectAndWrite(buf, ssrc, false);
  }

  /** As {@link #sendRtp}, for an RTCP compound packet; protected under its first sender SSRC. */
  public void sendRtcp(ByteBuf buf) {
    if (buf.readableBytes() < 8) {
      buf.release();
      return;
    }
    protectAndWrite(buf, buf.getUnsignedInt(buf.readerIndex() + 4), true);
  }

  /** Copies a server-made RTCP packet (PLI, NACK, reports) into a buffer and sends it protected. */
  public void sendRtcp(byte[] packet) {
    ByteBuf buf = allocate(packet.length);
    buf.writeBytes(packet);
    sendRtcp(buf);
  }

  /** A heap buffer for an outgoing packet; pass it to a send method, which takes ownership. */
  public ByteBuf allocate(int capacity) {
    return port.allocate(capacity + protectOverhead());
  }

  private void protectAndWrite(ByteBuf buf, long ssrc, boolean rtcp) {
    MediaRoute to = route;
    if (srtp == null || to == null || closed) {
      buf.release();
      metrics.drop(DropReason.SRTP_NOT_READY);
      return;
    }
    // The tag goes after the packet, inside this buffer's own capacity: a pooled buffer's array is
    // shared with other buffers, so its length is no bound. ensureWritable first (it may move the bytes).
    buf.ensureWritable(protectOverhead());
    int off = buf.arrayOffset() + buf.readerIndex();
    int room = buf.capacity() - buf.readerIndex();
    int n = rtcp ? srtp.protectRtcp(buf.array(), off, buf.readableBytes(), room, ssrc)
        : srtp.protectRtp(buf.array(), off, buf.readableBytes(), room, ssrc);
    if (n < 0 || n > room) {
      buf.release();
      metrics.drop(DropReason.SEND_FAILED);
      return;
    }
    buf.writerIndex(buf.readerIndex() + n);
    to.write(buf, rtcp ? PacketType.RTCP : PacketType.RTP);
  }

  /** Closes the transport if the peer stopped proving consent; returns true if it did. */
  boolean expireConsent(long timeoutMillis) {
    if (closed || ice.hasConsent(timeoutMillis)) {
      return false;
    }
    metrics.iceConsentExpired();
    log(() -> LOG.info("{} ICE consent expired", pc()));
    listener.onFailed(this, "ice-consent-expired");
    return true;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    registry.remove(this);
    if (connectedPath != null) {
      paths.metrics().disconnected(connectedPath);
      connectedPath = null;
    }
    for (TcpMediaConnection c : List.copyOf(tcp)) c.closeFor(IcePathMetrics.TcpClose.TRANSPORT_CLOSED);
    tcp.clear();
    dtls.close();
    if (srtp != null) srtp.close();
  }

  /**
   * Logs with the transport's room and endpoint in MDC; {@code id} is "room/endpoint/pc". Only the
   * rare state-change lines log, never the packet path.
   */
  private void log(Runnable r) {
    String[] parts = id.split("/", 3);
    org.slf4j.MDC.put("room", parts[0]);
    org.slf4j.MDC.put("endpoint", parts.length > 1 ? parts[1] : "");
    try {
      r.run();
    } finally {
      org.slf4j.MDC.remove("room");
      org.slf4j.MDC.remove("endpoint");
    }
  }

  private String pc() {
    return id.endsWith("/pub") ? "publish" : id.endsWith("/sub") ? "subscribe" : id;
  }

  static long readUint32(byte[] b, int o) {
    return ((b[o] & 0xFFL) << 24) | ((b[o + 1] & 0xFFL) << 16) | ((b[o + 2] & 0xFFL) << 8) | (b[o + 3] & 0xFFL);
  }
}
