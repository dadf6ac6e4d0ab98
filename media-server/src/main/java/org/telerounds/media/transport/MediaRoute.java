package org.telerounds.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.telerounds.media.metrics.MediaMetrics.PacketType;

/**
 * Where a transport's outgoing packets go: the UDP address or the ICE-TCP connection the peer's
 * STUN binding nominated. {@link #write} is for the media loop and is flushed with the media port
 * ({@link MediaPort#flush}); {@link #send} may be called from any thread (DTLS) and flushes.
 */
interface MediaRoute {
  /** UDP datagrams or an RFC 4571-framed TCP connection. */
  enum Kind { UDP, TCP }

  Kind kind();

  InetSocketAddress remote();

  /** Queues a packet; takes ownership of {@code buf}. On the media loop. */
  void write(ByteBuf buf, PacketType type);

  /** Writes and flushes one packet, from any thread. */
  void send(byte[] data, PacketType type);
}
