package org.telerounds.signaling.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The bootstrap: binds the HTTP/WebSocket port (TLS when PEM files are configured). */
public final class SignalingServer implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  public SignalingServer(ServerContext ctx) {
    SslContext ssl = null;
    if (ctx.config().tls()) {
      try {
        ssl = SslContextBuilder.forServer(new File(ctx.config().tlsCertificate().get()),
            new File(ctx.config().tlsPrivateKey().get())).build();
      } catch (Exception e) {
        throw new IllegalStateException("telerounds.signaling.tls: cannot load PEM files: " + e.getMessage(), e);
      }
    }
    boolean epoll = Epoll.isAvailable();
    var factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("http-accept", true), factory);
    workers = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("http-io", true), factory);
    try {
      channel = new ServerBootstrap().group(boss, workers)
          .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
          .childHandler(new SignalingInitializer(ctx, ssl))
          .bind(ctx.config().bindAddress(), ctx.config().port()).sync().channel();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("cannot bind HTTP port " + ctx.config().bindAddress() + ":"
          + ctx.config().port() + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
