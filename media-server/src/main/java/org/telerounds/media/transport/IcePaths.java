package org.telerounds.media.transport;

import java.net.InetAddress;
import java.util.Set;
import org.telerounds.media.metrics.IcePathMetrics;
import org.telerounds.media.metrics.IcePathMetrics.Path;

/**
 * Names the network path of a transport's nominated route: ICE-TCP, UDP relayed by one of the
 * configured TURN servers (recognised by the relay's address), or plain UDP; and counts connected
 * transports by path.
 */
final class IcePaths {
  private final Set<InetAddress> relays;
  private final IcePathMetrics metrics;

  IcePaths(Set<InetAddress> relays, IcePathMetrics metrics) {
    this.relays = Set.copyOf(relays);
    this.metrics = metrics;
  }

  Path of(MediaRoute r) {
    if (r.kind() == MediaRoute.Kind.TCP) return Path.TCP;
    return relays.contains(r.remote().getAddress()) ? Path.TURN : Path.UDP;
  }

  IcePathMetrics metrics() { return metrics; }
}
