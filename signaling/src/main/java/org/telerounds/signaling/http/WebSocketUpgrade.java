package org.telerounds.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.List;
import org.telerounds.signaling.auth.AuthException;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.Permissions;
import org.telerounds.signaling.ws.SignalingSession;
import org.telerounds.signaling.ws.WebSocketFrameHandler;

/**
 * {@code GET /ws?room=R&token=JWT}: the page's Origin ({@link OriginPolicy}), the token and the room
 * ACL are checked before the upgrade; a refusal is a 401 or 403 with a JSON error and no WebSocket.
 * The WebSocket ends when the token expires ({@link org.telerounds.signaling.ws.TokenExpiry}). Then Netty's
 * {@link WebSocketServerProtocolHandler} does the handshake, pings and close frames; once the
 * handshake completes the HTTP handlers leave the pipeline and a {@link WebSocketFrameHandler}
 * takes the messages.
 */
final class WebSocketUpgrade {
  /** The largest WebSocket frame or message the decoder accepts at all (the session's limit is lower). */
  static final int MAX_FRAME = 1 << 20;
  static final long HANDSHAKE_TIMEOUT_MS = 10_000;
  private final ServerContext ctx;

  WebSocketUpgrade(ServerContext ctx) {
    this.ctx = ctx;
  }

  void handle(ChannelHandlerContext c, FullHttpRequest req, QueryStringDecoder query) {
    int localPort = ((java.net.InetSocketAddress) c.channel().localAddress()).getPort();
    if (!OriginPolicy.allowed(ctx.config(), req.headers().get("Origin"), req.headers().get("Host"), localPort)) {
      ctx.metrics().refused("origin-forbidden");
      HttpResponses.error(c, null, HttpResponseStatus.FORBIDDEN, "origin-forbidden",
          "this page's origin may not open the signaling WebSocket (telerounds.signaling.allowed-origins)");
      return;
    }
    String room = first(query, "room");
    Claims claims;
    try {
      claims = ctx.verifier().verify(bearer(req, query));
      if (room == null || !room.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new AuthException(400, "bad-room", "query parameter room is missing or malformed");
      }
      Permissions.checkJoin(claims, room);
    } catch (AuthException e) {
      ctx.metrics().refused(e.code());
      HttpResponses.error(c, null, HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
      return;
    }
    SignalingSession session = new SignalingSession(c.channel(), claims, room, ctx.media(), ctx.directory(),
        ctx.metrics(), ctx.audit(), ctx.clock(), ctx.carts() == null ? null : ctx.carts().enhancementPresets(),
        ctx.resumes());
    // Netty's protocol handler does the handshake (a refused one is answered by it), answers pings,
    // echoes close frames and drops pongs; the frame handler gets whole text frames.
    ChannelPipeline p = c.pipeline();
    p.addAfter(c.name(), "ws-protocol", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/ws").checkStartsWith(true).allowExtensions(true).maxFramePayloadLength(MAX_FRAME)
        .handleCloseFrames(true).dropPongFrames(true).handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS).build()));
    p.addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(MAX_FRAME));
    p.addAfter("ws-aggregator", "ws-session", new WebSocketFrameHandler(session, ctx.config().maxMessageBytes(),
        () -> {
          p.remove(HttpRequestHandler.class);
          IdleConnections.upgraded(p, ctx.config().idleTimeout());
        }));
    p.addAfter("ws-session", "ws-token-expiry", new org.telerounds.signaling.ws.TokenExpiry(claims.expiresAt(),
        org.telerounds.signaling.auth.JwtVerifier.LEEWAY, ctx.clock()));
    c.fireChannelRead(req.retain()); // on to the protocol handler, which answers the upgrade
  }

  /** The token from {@code Authorization: Bearer} or the {@code token} query parameter (browsers). */
  static String bearer(FullHttpRequest req, QueryStringDecoder query) {
    String h = req.headers().get("Authorization");
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) return h.substring(7).trim();
    return first(query, "token");
  }

  static String first(QueryStringDecoder q, String name) {
    List<String> v = q.parameters().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
