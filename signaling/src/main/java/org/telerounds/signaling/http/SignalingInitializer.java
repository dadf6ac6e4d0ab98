package org.telerounds.signaling.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/** Builds each connection's pipeline: optional TLS, HTTP codec, aggregation, routing. Nothing else. */
final class SignalingInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_REQUEST_BYTES = 1 << 20;
  private final ServerContext ctx;
  private final SslContext ssl;
  private final StaticResources pages = new StaticResources();

  SignalingInitializer(ServerContext ctx, SslContext ssl) {
    this.ctx = ctx;
    this.ssl = ssl;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) p.addLast(ssl.newHandler(ch.alloc()));
    p.addLast(new HttpServerCodec());
    p.addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
    p.addLast(new HttpRequestHandler(ctx, pages));
  }
}
