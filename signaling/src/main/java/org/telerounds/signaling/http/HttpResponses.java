package org.telerounds.signaling.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.telerounds.signaling.ws.Json;

/**
 * Writes HTTP responses with the security headers every page and API answer carries: no caching,
 * nosniff, no referrer, the Content-Security-Policy and no framing.
 */
public final class HttpResponses {
  /**
   * Pages run only their own scripts and styles (no inline code, no eval), connect only to this
   * server (REST and the WebSocket), and are never framed. Media may come from the object store's
   * presigned download links, wherever the store is, and from blob: URLs.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data: blob:; media-src 'self' blob: http: https:; connect-src 'self';"
      + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private HttpResponses() {}

  public static void json(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, ObjectNode body) {
    send(ctx, req, status, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static void error(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String code,
      String message) {
    json(ctx, req, status, Json.message("error").put("code", code).put("message", message));
  }

  /** As {@link #send}, from any thread (the request may be released already); etag may be null. */
  public static void bytes(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type,
      byte[] body, String etag) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    headers(res, type, body.length, keepAlive);
    if (etag != null) res.headers().set(HttpHeaderNames.ETAG, etag);
    write(ctx, res, keepAlive);
  }

  /** 304 Not Modified for a conditional GET whose ETag still matches. */
  public static void notModified(ChannelHandlerContext ctx, boolean keepAlive, String etag) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
    headers(res, null, 0, keepAlive);
    res.headers().set(HttpHeaderNames.ETAG, etag);
    write(ctx, res, keepAlive);
  }

  private static void headers(FullHttpResponse res, String type, int length, boolean keepAlive) {
    if (type != null) res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    res.headers().set(HttpHeaderNames.CONTENT_LENGTH, length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Frame-Options", "DENY");
    if (keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
    if (keepAlive) {
      ctx.writeAndFlush(res);
    } else {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  public static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type,
      byte[] body) {
    bytes(ctx, req != null && HttpUtil.isKeepAlive(req), status, type, body, null);
  }
}
