package org.telerounds.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.signaling.carts.CartRoutes;
import org.telerounds.signaling.ws.Json;

/**
 * Routes plain HTTP: pages, {@code /health}, {@code /metrics}, the dev-mode token endpoint and the
 * WebSocket upgrade at {@code /ws}. Request URIs are never logged (they may carry tokens).
 */
public final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.http");
  private final ServerContext ctx;
  private final StaticResources pages;
  private final WebSocketUpgrade upgrade;
  private final DevTokenEndpoint devTokens;

  HttpRequestHandler(ServerContext ctx, StaticResources pages) {
    this.ctx = ctx;
    this.pages = pages;
    this.upgrade = new WebSocketUpgrade(ctx);
    this.devTokens = new DevTokenEndpoint(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext c, FullHttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      HttpResponses.error(c, null, HttpResponseStatus.BAD_REQUEST, "bad-request", "malformed HTTP request");
      return;
    }
    QueryStringDecoder q = new QueryStringDecoder(req.uri());
    String path = q.path();
    if (CartRoutes.handles(path)) {
      ctx.carts().handle(c, req, q, WebSocketUpgrade.bearer(req, q));
      return;
    }
    if (org.telerounds.signaling.archive.ArchiveRoutes.handles(path)) {
      ctx.archive().handle(c, req, q, WebSocketUpgrade.bearer(req, q));
      return;
    }
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      HttpResponses.error(c, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "only GET here");
      return;
    }
    switch (path) {
      case "/ws" -> upgrade.handle(c, req, q);
      case "/health" -> HttpResponses.json(c, req, HttpResponseStatus.OK, Json.message("health").put("status", "ok")
          .put("rooms", ctx.directory().roomCount()).put("participants", ctx.directory().participantCount())
          .put("mediaPort", ctx.media().udpPort()));
      case "/metrics" -> HttpResponses.send(c, req, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
          ctx.registry().scrape().getBytes(StandardCharsets.UTF_8));
      case "/api/dev/token" -> devTokens.handle(c, req, q);
      case "/", "/index.html" -> page(c, req, "index.html");
      case "/cart" -> page(c, req, "cart.html");
      case "/expert" -> page(c, req, "expert.html");
      case "/audit" -> page(c, req, "audit.html");
      default -> {
        if (path.startsWith("/static/")) {
          page(c, req, path.substring("/static/".length()));
        } else {
          HttpResponses.error(c, req, HttpResponseStatus.NOT_FOUND, "not-found", "no such path");
        }
      }
    }
  }

  private void page(ChannelHandlerContext c, FullHttpRequest req, String name) {
    byte[] body = pages.get(name);
    if (body == null) {
      HttpResponses.error(c, req, HttpResponseStatus.NOT_FOUND, "not-found", "no such page");
    } else {
      HttpResponses.send(c, req, HttpResponseStatus.OK, StaticResources.typeOf(name), body);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    LOG.debug("HTTP connection error: {}", cause.toString());
    c.close();
  }
}
