package org.telerounds.media.transport;

import java.net.InetSocketAddress;
import org.telerounds.media.ice.IceLiteAgent;
import org.telerounds.media.ice.StunMessage;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.metrics.MediaMetrics.PacketType;

/**
 * Hands one received packet, a UDP datagram or an ICE-TCP frame, to the transport it belongs to,
 * classified by RFC 7983. STUN finds its transport by the local ufrag; an authenticated binding
 * request is answered over the route it came by, and may nominate that route. DTLS, RTP and RTCP
 * find their transport by the UDP source address ICE bound, or, over TCP, by the connection an
 * authenticated check bound. Unauthenticated STUN is dropped without a reply and counted. Used
 * only on the media event loop.
 */
final class PacketDispatcher {
  private final TransportRegistry registry;
  private final MediaMetrics metrics;

  PacketDispatcher(TransportRegistry registry, MediaMetrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  /** A UDP datagram {@code b[0, len)} from {@code from}. */
  void onDatagram(byte[] b, int len, InetSocketAddress from, MediaPort port, long now) {
    DatagramClass c = DatagramClass.of(b, 0, len);
    if (c == DatagramClass.STUN) {
      WebRtcTransport t = stunTarget(b, 0, len);
      if (t != null) answer(t, from, t.udpRoute(port, from), now);
      return;
    }
    media(c, registry.byAddress(from), b, 0, len, now);
  }

  /** An RFC 4571 frame {@code b[off, off+len)} read from an ICE-TCP connection. */
  void onFrame(byte[] b, int off, int len, TcpMediaConnection conn, long now) {
    DatagramClass c = DatagramClass.of(b, off, len);
    if (c == DatagramClass.STUN) {
      WebRtcTransport t = stunTarget(b, off, len);
      if (t != null && answer(t, conn.remote(), conn, now)) {
        conn.authenticated(t);
      }
      return;
    }
    media(c, conn.transport(), b, off, len, now);
  }

  private StunMessage lastRequest;

  /** The transport a binding request names, or null (dropped and counted, or not a request). */
  private WebRtcTransport stunTarget(byte[] b, int off, int len) {
    metrics.in(PacketType.STUN, len);
    StunMessage m = StunMessage.parse(b, off, len);
    lastRequest = null;
    if (m == null) {
      metrics.drop(DropReason.MALFORMED);
      return null;
    }
    if (m.type() != StunMessage.BINDING_REQUEST) {
      return null; // indications and responses need no answer from an ICE-lite agent
    }
    WebRtcTransport t = registry.byUfrag(IceLiteAgent.localUfragOf(m.username()));
    if (t == null) {
      // No reply: an answer to an unauthenticated request would make this port a reflector.
      metrics.drop(DropReason.UNKNOWN_UFRAG);
      return null;
    }
    lastRequest = m;
    return t;
  }

  private boolean answer(WebRtcTransport t, InetSocketAddress from, MediaRoute via, long now) {
    IceLiteAgent.CheckResult r = t.onBindingRequest(lastRequest, from, via, now);
    lastRequest = null;
    if (!r.accepted()) {
      metrics.drop(DropReason.STUN_UNAUTHORIZED);
      return false;
    }
    via.send(r.response(), PacketType.STUN);
    return true;
  }

  private void media(DatagramClass c, WebRtcTransport t, byte[] b, int off, int len, long now) {
    switch (c) {
      case DTLS, RTP, RTCP -> {
        metrics.in(c == DatagramClass.DTLS ? PacketType.DTLS : c == DatagramClass.RTP ? PacketType.RTP : PacketType.RTCP,
            len);
        if (t == null) {
          metrics.drop(DropReason.UNKNOWN_ADDRESS);
        } else if (c == DatagramClass.DTLS) {
          t.onDtls(b, off, len);
        } else {
          t.onSrtp(c == DatagramClass.RTCP, b, off, len, now);
        }
      }
      default -> metrics.drop(DropReason.UNKNOWN_TYPE);
    }
  }
}
