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

/** Writes HTTP responses with the security headers every page and API answer carries. */
public final class HttpResponses {
  private HttpResponses() {}

  public static void json(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, ObjectNode body) {
    send(ctx, req, status, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static void error(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String code,
      String message) {
    json(ctx, req, status, Json.message("error").put("code", code).put("message", message));
  }

  public static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type,
      byte[] body) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer");
    boolean keepAlive = req != null && HttpUtil.isKeepAlive(req);
    if (keepAlive) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(res);
    } else {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
