package org.telerounds.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.metrics.IcePathMetrics;
import org.telerounds.media.metrics.IcePathMetrics.TcpClose;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.PacketType;

/**
 * One client's ICE-TCP connection (RFC 6544, passive side): RFC 4571 frames in, each handed to the
 * {@link PacketDispatcher} exactly like a UDP datagram; the packets of the transport that nominated
 * it go out framed the same way. Until an authenticated STUN binding request arrives it may live
 * only {@code authTimeout}. A frame longer than the limit, or any failure while handling its
 * input, closes it (counted by reason); nothing is thrown into the event loop. When its send buffer
 * is over the high-water mark, packets are dropped (counted), as a full UDP link would lose them,
 * so a slow reader cannot make the server buffer without bound. Lives on the media event loop.
 */
final class TcpMediaConnection extends ChannelInboundHandlerAdapter implements MediaRoute {
  private static final Logger LOG = LoggerFactory.getLogger("media.transport");

  private final TcpMediaPort owner;
  private final PacketDispatcher dispatcher;
  private final MediaMetrics metrics;
  private final IcePathMetrics paths;
  private final long authTimeoutMillis;
  private final Rfc4571Framer framer = new Rfc4571Framer(DatagramDemuxHandler.MAX_PACKET);
  private final Rfc4571Framer.FrameSink sink = this::onFrame;
  private Channel channel;
  private InetSocketAddress remote;
  private WebRtcTransport transport;
  private ScheduledFuture<?> authTimer;
  private TcpClose closeReason;
  private long readNanos;

  TcpMediaConnection(TcpMediaPort owner, PacketDispatcher dispatcher, MediaMetrics metrics, IcePathMetrics paths,
      long authTimeoutMillis) {
    this.owner = owner;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.paths = paths;
    this.authTimeoutMillis = authTimeoutMillis;
  }

  @Override
  public Kind kind() { return Kind.TCP; }

  @Override
  public InetSocketAddress remote() { return remote; }

  /** The transport an authenticated check bound this connection to, or null. */
  WebRtcTransport transport() { return transport; }

  /** An authenticated binding request for {@code t} arrived here: the connection now carries t. */
  void authenticated(WebRtcTransport t) {
    if (transport != null) {
      return; // one connection carries one transport (a browser opens one per candidate pair)
    }
    transport = t;
    if (authTimer != null) authTimer.cancel(false);
    t.attachTcp(this);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    remote = (InetSocketAddress) channel.remoteAddress();
    paths.tcpOpened();
    authTimer = ctx.executor().schedule(() -> {
      if (transport == null) closeFor(TcpClose.AUTH_TIMEOUT);
    }, authTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (closeReason != null) return; // closing: ignore what is still in flight
      readNanos = System.nanoTime();
      byte[] scratch = owner.scratch();
      while (in.isReadable()) {
        int n = Math.min(in.readableBytes(), scratch.length);
        in.readBytes(scratch, 0, n);
        if (!framer.feed(scratch, 0, n, sink)) {
          closeFor(TcpClose.MALFORMED);
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("ICE-TCP input handling failed, closing the connection", e);
      closeFor(TcpClose.ERROR);
    } finally {
      in.release();
    }
  }

  private void onFrame(byte[] b, int off, int len) {
    if (closeReason == null) dispatcher.onFrame(b, off, len, this, readNanos);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    owner.flushMediaPort(); // forwarded packets (UDP and TCP) queued by this read
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (authTimer != null) authTimer.cancel(false);
    paths.tcpClosed(closeReason == null ? TcpClose.PEER : closeReason);
    owner.forget(this);
    if (transport != null) transport.routeClosed(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException) {
      LOG.debug("ICE-TCP connection error: {}", cause.toString());
      ctx.close(); // a reset by the peer: counted as closed by the peer
    } else {
      LOG.warn("ICE-TCP connection error: {}", cause.toString());
      closeFor(TcpClose.ERROR);
    }
  }

  /** Closes the connection, remembering why (the first reason wins). */
  void closeFor(TcpClose why) {
    if (closeReason == null) closeReason = why;
    if (channel != null) channel.close();
  }

  @Override
  public void write(ByteBuf buf, PacketType type) {
    int len = buf.readableBytes();
    if (!writable(len)) {
      buf.release();
      return;
    }
    metrics.out(type, len);
    channel.write(channel.alloc().buffer(2).writeShort(len), channel.voidPromise());
    channel.write(buf, channel.voidPromise());
    owner.markDirty(this);
  }

  @Override
  public void send(byte[] data, PacketType type) {
    if (!writable(data.length)) return;
    metrics.out(type, data.length);
    ByteBuf framed = channel.alloc().buffer(2 + data.length).writeShort(data.length).writeBytes(data);
    channel.writeAndFlush(framed, channel.voidPromise());
  }

  private boolean writable(int len) {
    if (channel == null || !channel.isActive() || len > 65535) {
      metrics.drop(MediaMetrics.DropReason.SEND_FAILED);
      return false;
    }
    if (!channel.isWritable()) {
      paths.tcpBackpressureDrop();
      return false;
    }
    return true;
  }

  void flush() {
    if (channel != null) channel.flush();
  }
}
