package org.telerounds.signaling.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Ends a WebSocket when the token it was opened with expires: at {@code exp} plus the verifier's
 * leeway it sends close code {@value #CLOSE_CODE} with reason {@code token-expired} and closes the
 * channel; the client reconnects with a fresh token (docs/protocol.md). The timer runs on the
 * channel's event loop, its delay read from the injected clock, and is cancelled when the channel
 * closes first.
 */
public final class TokenExpiry extends ChannelInboundHandlerAdapter {
  /** WebSocket close code for "your token expired" (4000-4999: application codes). */
  public static final int CLOSE_CODE = 4001;
  public static final String REASON = "token-expired";
  private final Instant closeAt;
  private final Clock clock;
  private ScheduledFuture<?> timer;

  public TokenExpiry(Instant expiresAt, Duration leeway, Clock clock) {
    this.closeAt = expiresAt.plus(leeway);
    this.clock = clock;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) schedule(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    schedule(ctx);
    ctx.fireChannelActive();
  }

  private void schedule(ChannelHandlerContext ctx) {
    if (timer != null) return;
    long delay = Math.max(0, Duration.between(clock.instant(), closeAt).toMillis());
    timer = ctx.executor().schedule(() -> expire(ctx), delay, TimeUnit.MILLISECONDS);
  }

  private void expire(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) return;
    ctx.writeAndFlush(new CloseWebSocketFrame(CLOSE_CODE, REASON)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void cancel() {
    if (timer != null) timer.cancel(false);
  }
}
