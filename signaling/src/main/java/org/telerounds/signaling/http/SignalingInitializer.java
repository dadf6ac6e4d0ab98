package org.telerounds.signaling.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/**
 * Builds each connection's pipeline: the connection caps (a refused connection gets no pipeline),
 * the idle timer, optional TLS, HTTP codec, aggregation, idle handling, routing. Nothing else.
 */
final class SignalingInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_REQUEST_BYTES = 1 << 20;
  private final ServerContext ctx;
  private final SslContext ssl;
  private final StaticResources pages = new StaticResources();
  private final ConnectionLimiter limiter;

  SignalingInitializer(ServerContext ctx, SslContext ssl) {
    this.ctx = ctx;
    this.ssl = ssl;
    this.limiter = new ConnectionLimiter(ctx.config().maxConnections(), ctx.config().maxConnectionsPerIp(),
        ctx.metrics());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!limiter.admit(ch)) return;
    ChannelPipeline p = ch.pipeline();
    p.addLast(IdleConnections.IDLE_STATE, IdleConnections.httpTimer(ctx.config().idleTimeout()));
    if (ssl != null) p.addLast(ssl.newHandler(ch.alloc()));
    p.addLast(new HttpServerCodec());
    p.addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
    p.addLast(new IdleConnections(ctx.metrics()));
    p.addLast(new HttpRequestHandler(ctx, pages));
  }
}
