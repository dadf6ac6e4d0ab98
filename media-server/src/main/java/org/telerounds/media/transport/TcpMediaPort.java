package org.telerounds.media.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.telerounds.media.metrics.IcePathMetrics;
import org.telerounds.media.metrics.IcePathMetrics.TcpClose;
import org.telerounds.media.metrics.MediaMetrics;

/**
 * The ICE-TCP listener (RFC 6544, passive candidates): a TCP port on the media event loop whose
 * connections carry RFC 4571-framed STUN, DTLS, RTP and RTCP to the same transports as the UDP
 * port. For clients whose firewall blocks UDP (many hospitals allow only TCP 443). It caps open
 * connections in total and per client address, bounds each connection's send buffer (write
 * water marks) and closes connections that do not authenticate in time. Closing it closes every
 * connection.
 */
public final class TcpMediaPort implements AutoCloseable {
  /** Configuration: {@code telerounds.media.ice.tcp}. */
  public record Settings(boolean enabled, int port, int maxConnections, int maxConnectionsPerIp,
      Duration authTimeout) {
    public static final Settings DISABLED = new Settings(false, 0, 1, 1, Duration.ofSeconds(10));
  }

  /** Send-buffer water marks of one connection: past the high mark, packets are dropped. */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

  private final MediaPort port;
  private final Channel server;
  private final Settings settings;
  private final Set<TcpMediaConnection> open = new HashSet<>();
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private final Set<TcpMediaConnection> dirty = new LinkedHashSet<>();
  private final byte[] scratch = new byte[16 * 1024];
  private final Runnable flushHook = this::flushDirty;

  TcpMediaPort(String bindAddress, Settings settings, MediaPort port, PacketDispatcher dispatcher,
      MediaMetrics metrics, IcePathMetrics paths) {
    this.port = port;
    this.settings = settings;
    ServerBootstrap b = new ServerBootstrap().group(port.eventLoop())
        .channel(port.epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 256)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (!admit(ch)) {
              paths.tcpRefused();
              ch.close();
              return;
            }
            TcpMediaConnection c = new TcpMediaConnection(TcpMediaPort.this, dispatcher, metrics, paths,
                settings.authTimeout().toMillis());
            open.add(c);
            ch.pipeline().addLast(c);
          }
        });
    port.addFlushHook(flushHook);
    try {
      server = b.bind(bindAddress, settings.port()).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      port.removeFlushHook(flushHook);
      throw new IllegalStateException("interrupted while binding the ICE-TCP port", e);
    } catch (RuntimeException e) {
      port.removeFlushHook(flushHook);
      String hint = settings.port() > 0 && settings.port() < 1024
          ? " (a port below 1024, such as 443, needs CAP_NET_BIND_SERVICE: see docs/networks.md)" : "";
      throw new IllegalStateException("cannot bind the ICE-TCP port " + bindAddress + ":" + settings.port() + hint
          + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress localAddress() { return (InetSocketAddress) server.localAddress(); }

  /** Open connections, authenticated or not; on the media loop. */
  int connections() { return open.size(); }

  private boolean admit(SocketChannel ch) {
    if (open.size() >= settings.maxConnections()) return false;
    InetAddress a = ch.remoteAddress().getAddress();
    int n = perAddress.getOrDefault(a, 0);
    if (n >= settings.maxConnectionsPerIp()) return false;
    perAddress.put(a, n + 1);
    return true;
  }

  void forget(TcpMediaConnection c) {
    if (!open.remove(c)) return;
    dirty.remove(c);
    if (c.remote() != null) {
      perAddress.computeIfPresent(c.remote().getAddress(), (k, v) -> v <= 1 ? null : v - 1);
    }
  }

  /** The loop's read buffer, shared by every connection (one loop, one read at a time). */
  byte[] scratch() { return scratch; }

  void markDirty(TcpMediaConnection c) { dirty.add(c); }

  void flushMediaPort() { port.flush(); }

  private void flushDirty() {
    if (!port.eventLoop().inEventLoop()) {
      port.eventLoop().execute(this::flushDirty); // the dirty set is the loop's alone
      return;
    }
    if (dirty.isEmpty()) return;
    for (TcpMediaConnection c : dirty) c.flush();
    dirty.clear();
  }

  @Override
  public void close() {
    port.removeFlushHook(flushHook);
    server.close().syncUninterruptibly();
    try {
      port.eventLoop().submit(() -> {
        List<TcpMediaConnection> all = new ArrayList<>(open);
        all.forEach(c -> c.closeFor(TcpClose.TRANSPORT_CLOSED));
      }).await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
