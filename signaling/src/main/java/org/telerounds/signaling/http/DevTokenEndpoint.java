package org.telerounds.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.signaling.audit.AuditEvent;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.ws.Json;

/**
 * {@code GET /api/dev/token?role=cart&room=R[&sub=S]}, dev mode only. It answers a loopback peer
 * that also names a loopback host ({@code Host: 127.0.0.1:8080}, {@code localhost}, {@code [::1]}),
 * so a web page that rebinds its own DNS name to 127.0.0.1 gets nothing. Every token it issues is
 * written to the audit log first (no trace, no token), and so is every refusal of a loopback peer.
 */
final class DevTokenEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.http");
  private static final long AUDIT_WAIT_SECONDS = 10;
  private final ServerContext ctx;

  DevTokenEndpoint(ServerContext ctx) {
    this.ctx = ctx;
  }

  void handle(ChannelHandlerContext c, FullHttpRequest req, QueryStringDecoder q) {
    InetSocketAddress remote = (InetSocketAddress) c.channel().remoteAddress();
    if (ctx.devTokens() == null || remote == null || !remote.getAddress().isLoopbackAddress()) {
      HttpResponses.error(c, req, HttpResponseStatus.NOT_FOUND, "not-found", "no such path");
      return;
    }
    String from = remote.getAddress().getHostAddress();
    if (!loopbackHost(req.headers().get(HttpHeaderNames.HOST))) {
      ctx.audit().append(new AuditEvent("-", "-", from, "-", "dev.token", "Host header is not a loopback name",
          "forbidden"));
      HttpResponses.error(c, req, HttpResponseStatus.FORBIDDEN, "host-forbidden",
          "dev tokens are issued only to requests for 127.0.0.1, localhost or [::1]");
      return;
    }
    Role role = Role.fromWire(String.valueOf(WebSocketUpgrade.first(q, "role"))).orElse(null);
    String room = WebSocketUpgrade.first(q, "room");
    if (role == null || room == null || !room.matches("[A-Za-z0-9._*-]{1,64}")) {
      HttpResponses.error(c, req, HttpResponseStatus.BAD_REQUEST, "bad-request",
          "need role (cart|expert|operator|auditor|admin) and room");
      return;
    }
    String requested = WebSocketUpgrade.first(q, "sub");
    String sub = requested == null || !requested.matches("[A-Za-z0-9._-]{1,64}") ? "dev-" + role.wireName()
        : requested;
    Duration ttl = ctx.config().devTokenTtl();
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    ctx.audit().append(new AuditEvent(sub, role.wireName(), from, room, "dev.token", "ttl=" + ttl.toSeconds() + "s",
        "issued")).orTimeout(AUDIT_WAIT_SECONDS, TimeUnit.SECONDS).whenComplete((ok, err) -> {
          if (err != null) {
            LOG.warn("dev mode: audit log unavailable, no token issued: {}", err.toString());
            HttpResponses.bytes(c, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json; charset=utf-8",
                Json.message("error").put("code", "audit-unavailable").put("message",
                    "the audit log cannot be written now, so no token is issued").toString()
                    .getBytes(StandardCharsets.UTF_8), null);
            return;
          }
          String token = ctx.devTokens().mint(sub, role, List.of(room), ttl);
          LOG.info("dev mode: minted a {} token (audited)", role.wireName());
          HttpResponses.bytes(c, keepAlive, HttpResponseStatus.OK, "application/json; charset=utf-8",
              Json.message("token").put("token", token).put("expiresInSeconds", ttl.toSeconds()).toString()
                  .getBytes(StandardCharsets.UTF_8), null);
        });
  }

  /** True for a Host header naming loopback: localhost, 127.0.0.0/8 or [::1], with or without a port. */
  static boolean loopbackHost(String host) {
    if (host == null) return false;
    String h = host.trim().toLowerCase(Locale.ROOT);
    String port = "";
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) return false;
      port = h.substring(end + 1);
      h = h.substring(1, end);
      if (!h.equals("::1")) return false;
    } else {
      int colon = h.indexOf(':');
      if (colon >= 0) {
        port = h.substring(colon);
        h = h.substring(0, colon);
      }
      if (!h.equals("localhost") && !h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) return false;
    }
    return port.isEmpty() || port.matches(":\\d{1,5}");
  }
}
