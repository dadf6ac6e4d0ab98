package org.telerounds.signaling.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.telerounds.signaling.ws.SignalingMetrics;

/**
 * Caps open HTTP/WebSocket connections, in total and per client IP address, so idle or flooding
 * clients cannot use up the process's file descriptors, which recordings in progress need. A new
 * connection over a cap is reset at once, before any byte is read; established ones are never
 * touched. Counts are released when a connection closes. Thread-safe; one per listener.
 */
final class ConnectionLimiter {
  private final int maxTotal;
  private final int maxPerIp;
  private final SignalingMetrics metrics;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perIp = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal, int maxPerIp, SignalingMetrics metrics) {
    this.maxTotal = maxTotal;
    this.maxPerIp = maxPerIp;
    this.metrics = metrics;
    metrics.connectionGauge(total::get);
  }

  /** Counts {@code ch} and returns true, or resets it and returns false when a cap is reached. */
  boolean admit(Channel ch) {
    InetAddress ip = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      refuse(ch, "total");
      return false;
    }
    if (ip != null && perIp.merge(ip, 1, Integer::sum) > maxPerIp) {
      release(ip);
      total.decrementAndGet();
      refuse(ch, "per-ip");
      return false;
    }
    ch.closeFuture().addListener(f -> {
      if (ip != null) release(ip);
      total.decrementAndGet();
    });
    return true;
  }

  private void release(InetAddress ip) {
    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  private void refuse(Channel ch, String reason) {
    metrics.connectionRefused(reason);
    ch.config().setOption(ChannelOption.SO_LINGER, 0); // reset: no TIME_WAIT left on this side
    ch.close();
  }

  int open() {
    return total.get();
  }
}
