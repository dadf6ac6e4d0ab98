package org.telerounds.signaling.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Turns WebSocket text messages into {@link SignalingSession} calls; Netty's
 * {@code WebSocketServerProtocolHandler} before it has done the handshake and answers pings and
 * close frames. Messages above the size limit are answered with {@code message-too-large} and
 * dropped; the connection stays open.
 */
public final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  /** The session this connection carries; a resume rebinds it to the session it takes over. */
  private volatile SignalingSession session;
  private final int maxMessageBytes;
  private final Runnable onHandshake;

  /** {@code onHandshake} runs once, on the connection's loop, when the WebSocket handshake completed. */
  public WebSocketFrameHandler(SignalingSession session, int maxMessageBytes, Runnable onHandshake) {
    this.session = session;
    this.maxMessageBytes = maxMessageBytes;
    this.onHandshake = onHandshake;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) onHandshake.run();
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      if (text.content().readableBytes() > maxMessageBytes) {
        session.refuse(ErrorCode.MESSAGE_TOO_LARGE, "message larger than " + maxMessageBytes + " bytes");
        return;
      }
      session.onMessage(text.text());
    } else {
      session.refuse(ErrorCode.BAD_REQUEST, "only text frames are accepted");
    }
  }

  /** From now on this connection carries {@code resumed} (a session it resumed). */
  void rebind(SignalingSession resumed) {
    this.session = resumed;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.connectionClosed(ctx.channel());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // e.g. a frame beyond the decoder's hard limit: the session ends, others are untouched
    session.refuse(ErrorCode.MESSAGE_TOO_LARGE, "frame rejected: " + cause.getClass().getSimpleName());
    ctx.close();
  }
}
