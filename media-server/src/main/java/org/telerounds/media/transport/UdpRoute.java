package org.telerounds.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.telerounds.media.metrics.MediaMetrics.PacketType;

/** A peer reached by UDP datagrams on the shared media port. */
record UdpRoute(MediaPort port, InetSocketAddress remote) implements MediaRoute {
  @Override
  public Kind kind() { return Kind.UDP; }

  @Override
  public void write(ByteBuf buf, PacketType type) { port.write(buf, remote, type); }

  @Override
  public void send(byte[] data, PacketType type) { port.send(data, remote, type); }
}
