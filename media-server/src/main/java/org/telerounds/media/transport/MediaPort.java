package org.telerounds.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import org.telerounds.media.metrics.MediaMetrics;

/**
 * The one UDP socket every endpoint shares (default port 10000), on a single Netty event loop that
 * does nothing but the packet path. Epoll with recvmmsg batching where available, NIO otherwise.
 */
public final class MediaPort implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;
  private final MediaMetrics metrics;
  private final boolean epoll;
  private final java.util.List<Runnable> flushHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

  public MediaPort(String bindAddress, int port, DatagramDemuxHandler handler, MediaMetrics metrics) {
    this.metrics = metrics;
    this.epoll = Epoll.isAvailable();
    group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("media-loop", true),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Bootstrap b = new Bootstrap().group(group)
        .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.SO_RCVBUF, 4 << 20)
        .option(ChannelOption.SO_SNDBUF, 4 << 20)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(epoll ? 1500 * 32 : 2048)
            .maxMessagesPerRead(64))
        .handler(handler);
    if (epoll) {
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1500);
    }
    try {
      channel = b.bind(bindAddress, port).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully();
      throw new IllegalStateException("interrupted while binding the media port", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully();
      throw new IllegalStateException("cannot bind media UDP port " + bindAddress + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The event loop every transport's state lives on. */
  public EventLoop eventLoop() { return channel.eventLoop(); }

  public InetSocketAddress localAddress() { return (InetSocketAddress) channel.localAddress(); }

  /** Allocates a buffer for an outgoing packet; ownership passes to {@link #write}. */
  public ByteBuf allocate(int capacity) {
    return channel.alloc().heapBuffer(capacity);
  }

  /** Queues a datagram; the caller must {@link #flush} (done once per inbound batch). */
  public void write(ByteBuf content, InetSocketAddress to, MediaMetrics.PacketType type) {
    metrics.out(type, content.readableBytes());
    channel.write(new DatagramPacket(content, to), channel.voidPromise());
  }

  /** Writes and flushes one datagram from any thread. */
  public void send(byte[] data, InetSocketAddress to, MediaMetrics.PacketType type) {
    metrics.out(type, data.length);
    channel.writeAndFlush(new DatagramPacket(io.netty.buffer.Unpooled.wrappedBuffer(data), to), channel.voidPromise());
  }

  /** Flushes what the loop queued: this socket's datagrams and every flush hook's (ICE-TCP). */
  public void flush() {
    channel.flush();
    for (Runnable r : flushHooks) r.run();
  }

  /** Runs {@code hook} on every {@link #flush}, on the media loop (the ICE-TCP listener's dirty connections). */
  void addFlushHook(Runnable hook) { flushHooks.add(hook); }

  void removeFlushHook(Runnable hook) { flushHooks.remove(hook); }

  /** True when the loop is epoll (native); a TCP listener on it must use the matching channel class. */
  boolean epoll() { return epoll; }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
