package org.telerounds.media.transport;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the transport a datagram belongs to: STUN by the local ufrag in its USERNAME, everything
 * else by the source address ICE nominated. Used only on the media event loop, so unsynchronized.
 */
public final class TransportRegistry {
  private final Map<String, WebRtcTransport> byUfrag = new HashMap<>();
  private final Map<InetSocketAddress, WebRtcTransport> byAddress = new HashMap<>();

  void add(WebRtcTransport t) { byUfrag.put(t.localUfrag(), t); }

  /** Routes checks naming {@code ufrag} to {@code t} too (the new generation of an ICE restart). */
  void addUfrag(String ufrag, WebRtcTransport t) { byUfrag.put(ufrag, t); }

  /** Stops routing checks naming {@code ufrag} to {@code t} (a spent generation). */
  void removeUfrag(String ufrag, WebRtcTransport t) { byUfrag.remove(ufrag, t); }

  WebRtcTransport byUfrag(String ufrag) { return ufrag == null ? null : byUfrag.get(ufrag); }

  WebRtcTransport byAddress(InetSocketAddress a) { return byAddress.get(a); }

  /** Binds {@code a} to {@code t}; an address belongs to one transport at a time. */
  void bind(InetSocketAddress a, WebRtcTransport t) { byAddress.put(a, t); }

  /** Forgets {@code a} if it is bound to {@code t} (the client left that address). */
  void unbind(InetSocketAddress a, WebRtcTransport t) { byAddress.remove(a, t); }

  void remove(WebRtcTransport t) {
    byUfrag.values().removeIf(v -> v == t); // every generation's ufrag
    byAddress.values().removeIf(v -> v == t);
  }

  /** How many transports can be reached (each by one or, during an ICE restart, two ufrags). */
  public int size() { return (int) byUfrag.values().stream().distinct().count(); }
}
