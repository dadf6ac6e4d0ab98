package org.telerounds.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;

/**
 * First node of the media path: copies each datagram into the loop's scratch array (the Netty
 * buffer is released right after, by this handler), classifies it by RFC 7983 and hands it to the
 * owning transport through the {@link PacketDispatcher} it shares with the ICE-TCP listener. Nothing
 * received here can throw past this handler. Unauthenticated STUN (unknown ufrag, failed
 * MESSAGE-INTEGRITY) is dropped without a reply and counted.
 */
@ChannelHandler.Sharable
public final class DatagramDemuxHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private final MediaMetrics metrics;
  private final PacketDispatcher dispatcher;
  private final byte[] scratch = new byte[MAX_PACKET];
  private MediaPort port;

  public DatagramDemuxHandler(TransportRegistry registry, MediaMetrics metrics) {
    this.metrics = metrics;
    this.dispatcher = new PacketDispatcher(registry, metrics);
  }

  /** Largest datagram or ICE-TCP frame accepted, in bytes. */
  static final int MAX_PACKET = 2048;

  PacketDispatcher dispatcher() { return dispatcher; }

  void attach(MediaPort port) { this.port = port; }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf content = packet.content();
    int len = content.readableBytes();
    if (len > scratch.length || len == 0) {
      metrics.drop(DropReason.MALFORMED);
      return;
    }
    content.getBytes(content.readerIndex(), scratch, 0, len);
    InetSocketAddress from = packet.sender();
    long now = System.nanoTime();
    try {
      dispatcher.onDatagram(scratch, len, from, port, now);
    } catch (RuntimeException e) {
      // A bug in one packet's handling must not take the port down.
      metrics.drop(DropReason.MALFORMED);
      org.slf4j.LoggerFactory.getLogger("media.transport").warn("packet handling failed", e);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    port.flush(); // the batch's sends: this socket's and any ICE-TCP connection's
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    org.slf4j.LoggerFactory.getLogger("media.transport").warn("media port error: {}", cause.toString());
  }
}
