package org.telerounds.signaling.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.telerounds.signaling.ws.SignalingMetrics;

/**
 * Closes connections that sit idle. Over HTTP, a connection with no request in progress that
 * neither reads nor writes for the idle timeout is closed (a slow answer being prepared for it
 * does not count as idle). After the WebSocket upgrade the client is pinged when it has been silent
 * for half the timeout and closed when the whole timeout passes without a frame, the pong
 * included; browsers answer pings on their own, so live sessions stay open.
 */
final class IdleConnections extends ChannelDuplexHandler {
  static final String IDLE_STATE = "idle-state";
  private final SignalingMetrics metrics;
  private boolean websocket;
  private int inFlight;

  IdleConnections(SignalingMetrics metrics) {
    this.metrics = metrics;
  }

  /** The timer for the HTTP phase: no read and no write for {@code timeout}. */
  static IdleStateHandler httpTimer(Duration timeout) {
    return new IdleStateHandler(true, 0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Switches {@code p} to WebSocket keep-alive: ping after half the timeout, close after all of it. */
  static void upgraded(ChannelPipeline p, Duration timeout) {
    p.get(IdleConnections.class).websocket = true;
    p.replace(IDLE_STATE, IDLE_STATE, new IdleStateHandler(timeout.toMillis() / 2, 0, 0, TimeUnit.MILLISECONDS));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) inFlight++;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent && inFlight > 0) inFlight--;
    ctx.write(msg, promise);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof IdleStateEvent e)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (websocket) {
      if (e.isFirst()) {
        ctx.writeAndFlush(new PingWebSocketFrame());
      } else {
        metrics.idleClosed("websocket");
        ctx.close();
      }
    } else if (inFlight == 0) {
      metrics.idleClosed("http");
      ctx.close();
    }
  }
}
