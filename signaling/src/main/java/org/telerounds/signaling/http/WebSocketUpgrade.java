package org.telerounds.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.List;
import org.telerounds.signaling.auth.AuthException;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.Permissions;
import org.telerounds.signaling.ws.SignalingSession;
import org.telerounds.signaling.ws.WebSocketFrameHandler;

/**
 * {@code GET /ws?room=R&token=JWT}: the page's Origin ({@link OriginPolicy}), the token and the room
 * ACL are checked before the upgrade; a refusal is a 401 or 403 with a JSON error and no WebSocket.
 * The WebSocket ends when the token expires ({@link org.telerounds.signaling.ws.TokenExpiry}). On success the HTTP
 * handlers leave the pipeline and a {@link WebSocketFrameHandler} takes over.
 */
final class WebSocketUpgrade {
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
    String scheme = ctx.config().tls() ? "wss" : "ws";
    WebSocketServerHandshakerFactory f = new WebSocketServerHandshakerFactory(
        scheme + "://" + req.headers().get("Host") + "/ws", null, true, 1 << 20);
    WebSocketServerHandshaker hs = f.newHandshaker(req);
    if (hs == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(c.channel());
      return;
    }
    SignalingSession session = new SignalingSession(c.channel(), claims, room, ctx.media(), ctx.directory(),
        ctx.metrics(), ctx.audit(), ctx.clock(), ctx.carts() == null ? null : ctx.carts().enhancementPresets(),
        ctx.resumes());
    hs.handshake(c.channel(), req).addListener(done -> {
      if (done.isSuccess()) {
        c.pipeline().addLast(new io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator(1 << 20));
        c.pipeline().addLast(new WebSocketFrameHandler(session, ctx.config().maxMessageBytes()));
        c.pipeline().addLast(new org.telerounds.signaling.ws.TokenExpiry(claims.expiresAt(),
            org.telerounds.signaling.auth.JwtVerifier.LEEWAY, ctx.clock()));
        c.pipeline().remove(HttpRequestHandler.class);
        IdleConnections.upgraded(c.pipeline(), ctx.config().idleTimeout());
      }
    });
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
