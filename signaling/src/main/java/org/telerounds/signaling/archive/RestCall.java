package org.telerounds.signaling.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.http.HttpResponses;
import org.telerounds.signaling.ws.Json;

/**
 * One REST request taken off the event loop: what the handler needs from it (the request itself
 * is released when the event loop returns), and replies that are safe from any thread.
 */
record RestCall(ChannelHandlerContext channel, boolean keepAlive, Claims claims, String from, String method,
    String path, QueryStringDecoder query, String body) {

  static RestCall of(ChannelHandlerContext c, FullHttpRequest req, QueryStringDecoder q, Claims claims) {
    String from = c.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress() : "-";
    return new RestCall(c, HttpUtil.isKeepAlive(req), claims, from, req.method().name(), q.path(), q,
        req.content().toString(StandardCharsets.UTF_8));
  }

  /** The first value of a query parameter, or null. */
  String param(String name) {
    List<String> v = query.parameters().get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
  }

  void reply(HttpResponseStatus status, ObjectNode body) {
    HttpResponses.bytes(channel, keepAlive, status, "application/json; charset=utf-8",
        body.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  void error(HttpResponseStatus status, String code, String message) {
    reply(status, Json.message("error").put("code", code).put("message", message));
  }
}
