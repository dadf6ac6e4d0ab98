package org.telerounds.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.telerounds.media.ice.IceLiteAgent;
import org.telerounds.media.ice.StunMessage;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.metrics.MediaMetrics.PacketType;

/**
 * First node of the media path: copies each datagram into the loop's scratch array (the Netty
 * buffer is released right after, by this handler), classifies it by RFC 7983 and hands it to the
 * owning transport. Nothing received here can throw past this handler. Unauthenticated STUN
 * (unknown ufrag, failed MESSAGE-INTEGRITY) is dropped without a reply and counted.
 */
@ChannelHandler.Sharable
public final class DatagramDemuxHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private final TransportRegistry registry;
  private final MediaMetrics metrics;
  private final byte[] scratch = new byte[2048];
  private MediaPort port;

  public DatagramDemuxHandler(TransportRegistry registry, MediaMetrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

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
      dispatch(DatagramClass.of(scratch, 0, len), len, from, now);
    } catch (RuntimeException e) {
      // A bug in one packet's handling must not take the port down.
      metrics.drop(DropReason.MALFORMED);
      org.slf4j.LoggerFactory.getLogger("media.transport").warn("packet handling failed", e);
    }
  }

  private void dispatch(DatagramClass c, int len, InetSocketAddress from, long now) {
    switch (c) {
      case STUN -> onStun(len, from);
      case DTLS, RTP, RTCP -> {
        metrics.in(c == DatagramClass.DTLS ? PacketType.DTLS : c == DatagramClass.RTP ? PacketType.RTP : PacketType.RTCP, len);
        WebRtcTransport t = registry.byAddress(from);
        if (t == null) {
          metrics.drop(DropReason.UNKNOWN_ADDRESS);
        } else if (c == DatagramClass.DTLS) {
          t.onDtls(scratch, 0, len);
        } else {
          t.onSrtp(c == DatagramClass.RTCP, scratch, 0, len, now);
        }
      }
      default -> metrics.drop(DropReason.UNKNOWN_TYPE);
    }
  }

  private void onStun(int len, InetSocketAddress from) {
    metrics.in(PacketType.STUN, len);
    StunMessage m = StunMessage.parse(scratch, 0, len);
    if (m == null) {
      metrics.drop(DropReason.MALFORMED);
      return;
    }
    if (m.type() != StunMessage.BINDING_REQUEST) {
      return; // indications and responses need no answer from an ICE-lite agent
    }
    WebRtcTransport t = registry.byUfrag(IceLiteAgent.localUfragOf(m.username()));
    if (t == null) {
      // No reply: an answer to an unauthenticated request would make this port a reflector.
      metrics.drop(DropReason.UNKNOWN_UFRAG);
      return;
    }
    IceLiteAgent.CheckResult r = t.onBindingRequest(m, from);
    if (!r.accepted()) {
      metrics.drop(DropReason.STUN_UNAUTHORIZED);
      return;
    }
    port.send(r.response(), from, PacketType.STUN);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    org.slf4j.LoggerFactory.getLogger("media.transport").warn("media port error: {}", cause.toString());
  }
}
