package org.telerounds.media.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How clients reach the media server: connected transports by path (UDP, ICE-TCP, or UDP relayed
 * by a TURN server), the ICE-TCP listener's open connections, why it closed connections, and
 * packets it dropped because a connection's send buffer was full. Labels are small enums only.
 */
public final class IcePathMetrics {
  /** The network path of a connected transport. */
  public enum Path { UDP, TCP, TURN }

  /** Why the ICE-TCP listener closed (or refused) a connection. */
  public enum TcpClose { MALFORMED, AUTH_TIMEOUT, LIMIT, PEER, TRANSPORT_CLOSED, ERROR }

  private final Map<Path, AtomicInteger> connected = new EnumMap<>(Path.class);
  private final Map<TcpClose, Counter> tcpClosed = new EnumMap<>(TcpClose.class);
  private final AtomicInteger tcpOpen = new AtomicInteger();
  private final Counter tcpBackpressureDrops;
  private final Counter rebinds;
  private final Counter restarts;

  public IcePathMetrics(MeterRegistry registry) {
    for (Path p : Path.values()) {
      AtomicInteger n = new AtomicInteger();
      connected.put(p, n);
      Gauge.builder("telerounds.media.transports.connected", n, AtomicInteger::get)
          .description("Connected ICE/DTLS transports (two per participant) by network path: udp, tcp (ICE-TCP),"
              + " turn (relayed by a TURN server)")
          .tag("path", p.name().toLowerCase()).strongReference(true).register(registry);
    }
    for (TcpClose c : TcpClose.values()) {
      tcpClosed.put(c, Counter.builder("telerounds.media.ice.tcp.closed")
          .description("ICE-TCP connections closed or refused by the server, by reason (peer = the client closed)")
          .tag("reason", c.name().toLowerCase().replace('_', '-')).register(registry));
    }
    Gauge.builder("telerounds.media.ice.tcp.connections", tcpOpen, AtomicInteger::get)
        .description("Open ICE-TCP connections, authenticated or not").strongReference(true).register(registry);
    rebinds = Counter.builder("telerounds.media.ice.rebinds")
        .description("Transports moved to a new client address (NAT rebinding, a new network) after an authenticated"
            + " check from it while the old one had gone silent")
        .register(registry);
    restarts = Counter.builder("telerounds.media.ice.restarts")
        .description("ICE restarts: a transport took new ICE credentials, offered by the server or by the client")
        .register(registry);
    tcpBackpressureDrops = Counter.builder("telerounds.media.ice.tcp.dropped")
        .description("Packets not sent on an ICE-TCP connection because its send buffer was full")
        .tag("reason", "send-buffer-full").register(registry);
  }

  public void connected(Path p) { connected.get(p).incrementAndGet(); }
  /** A transport followed its client to a new address. */
  public void rebind() { rebinds.increment(); }
  public double rebindCount() { return rebinds.count(); }
  /** A transport started a new ICE generation (an ICE restart). */
  public void iceRestart() { restarts.increment(); }
  public double restartCount() { return restarts.count(); }
  public void disconnected(Path p) { connected.get(p).decrementAndGet(); }
  public int connectedCount(Path p) { return connected.get(p).get(); }
  public void tcpOpened() { tcpOpen.incrementAndGet(); }
  public void tcpClosed(TcpClose why) {
    tcpOpen.decrementAndGet();
    tcpClosed.get(why).increment();
  }
  /** A connection refused before it was counted as open. */
  public void tcpRefused() { tcpClosed.get(TcpClose.LIMIT).increment(); }
  public double tcpClosedCount(TcpClose why) { return tcpClosed.get(why).count(); }
  public int tcpOpen() { return tcpOpen.get(); }
  public void tcpBackpressureDrop() { tcpBackpressureDrops.increment(); }
}
