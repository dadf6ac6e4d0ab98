package org.telerounds.signaling.carts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.signaling.audit.AuditLog;
import org.telerounds.signaling.auth.AuthException;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.JwtVerifier;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.http.HttpResponses;
import org.telerounds.signaling.ws.Json;

/**
 * The cart REST API (docs/carts.md): carts fetch their own signed bundle with ETag/304; admins
 * upload models and cart profiles (422 with every problem), list versions and roll back. The
 * token is checked on every call; store work runs on the blocking executor, never on the event loop.
 */
public final class CartRoutes {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.carts");
  private static final Pattern CART = Pattern.compile("/api/carts/([a-z0-9-]{1,64})/(config|profile|versions|rollback)");
  private static final Pattern MODEL = Pattern.compile("/api/cart-models/([a-z0-9-]{1,64})");
  private final CartConfigStore store;
  private final JwtVerifier verifier;
  private final AuditLog audit;
  private final Executor blocking;

  public CartRoutes(CartConfigStore store, JwtVerifier verifier, AuditLog audit, Executor blocking) {
    this.store = store;
    this.verifier = verifier;
    this.audit = audit;
    this.blocking = blocking;
  }

  /** Cart profiles' voice-enhancement presets, read through this store on the blocking executor. */
  public CartEnhancementPresets enhancementPresets() {
    return new CartEnhancementPresets(store, blocking);
  }

  /** The public signing key: not a secret, so served without a token (docs/carts.md). */
  public static final String SIGNING_KEY_PATH = "/api/cart-signing-key";

  public static boolean handles(String path) {
    return path.startsWith("/api/carts/") || path.startsWith("/api/cart-models/") || path.equals(SIGNING_KEY_PATH);
  }

  public void handle(ChannelHandlerContext c, FullHttpRequest req, QueryStringDecoder q, String token) {
    if (q.path().equals(SIGNING_KEY_PATH)) {
      if (req.method() != HttpMethod.GET) {
        HttpResponses.error(c, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "GET only");
        return;
      }
      byte[] pem = store.publicKeyPem().getBytes(StandardCharsets.US_ASCII);
      HttpResponses.bytes(c, io.netty.handler.codec.http.HttpUtil.isKeepAlive(req), HttpResponseStatus.OK,
          "application/x-pem-file", pem, null);
      return;
    }
    Claims claims;
    try {
      claims = verifier.verify(token);
    } catch (AuthException e) {
      HttpResponses.error(c, req, HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
      return;
    }
    String path = q.path();
    HttpMethod method = req.method();
    String body = req.content().toString(StandardCharsets.UTF_8);
    String ifNoneMatch = req.headers().get("If-None-Match");
    boolean keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(req);
    Matcher cart = CART.matcher(path);
    Matcher model = MODEL.matcher(path);
    Runnable work;
    if (cart.matches()) {
      String id = cart.group(1);
      String op = cart.group(2);
      boolean ownCart = claims.role() == Role.CART && claims.subject().equals(id);
      if (op.equals("config") && method == HttpMethod.GET && (ownCart || claims.role() == Role.ADMIN)) {
        work = () -> config(c, keepAlive, id, ifNoneMatch);
      } else if (claims.role() != Role.ADMIN && !op.equals("config")) {
        work = null;
      } else if (op.equals("profile") && method == HttpMethod.PUT) {
        work = () -> upload(c, keepAlive, claims, id, body);
      } else if (op.equals("versions") && method == HttpMethod.GET) {
        work = () -> versions(c, keepAlive, id);
      } else if (op.equals("rollback") && method == HttpMethod.POST) {
        work = () -> rollback(c, keepAlive, claims, id, q.parameters().getOrDefault("version", List.of("")).get(0));
      } else if (op.equals("config") && method == HttpMethod.GET) {
        work = null;
      } else {
        HttpResponses.error(c, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "see docs/carts.md");
        return;
      }
    } else if (model.matches() && method == HttpMethod.PUT) {
      work = claims.role() == Role.ADMIN ? () -> putModel(c, keepAlive, claims, model.group(1), body) : null;
    } else {
      HttpResponses.error(c, req, HttpResponseStatus.NOT_FOUND, "not-found", "no such path");
      return;
    }
    if (work == null) {
      audit.record(claims.subject(), claims.role().wireName(), "-", "cart-api " + method + " " + path, "", "forbidden");
      HttpResponses.error(c, req, HttpResponseStatus.FORBIDDEN, "forbidden",
          "this token may not " + method + " " + path);
      return;
    }
    blocking.execute(() -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        LOG.error("cart API failed", e);
        reply(c, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, Json.message("error").put("code", "internal")
            .put("message", "internal error"));
      }
    });
  }

  private void config(ChannelHandlerContext c, boolean keepAlive, String id, String ifNoneMatch) {
    try {
      var served = store.active(id);
      if (served.isEmpty()) {
        reply(c, keepAlive, HttpResponseStatus.NOT_FOUND, Json.message("error").put("code", "not-found")
            .put("message", "no profile for this cart"));
      } else if (served.get().etag().equals(ifNoneMatch)) {
        HttpResponses.notModified(c, keepAlive, served.get().etag());
      } else {
        HttpResponses.bytes(c, keepAlive, HttpResponseStatus.OK, "application/json; charset=utf-8",
            served.get().bundle(), served.get().etag());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void upload(ChannelHandlerContext c, boolean keepAlive, Claims who, String id, String hocon) {
    try {
      CartConfigStore.Upload u = store.putCart(id, hocon);
      audit.record(who.subject(), who.role().wireName(), "-", "cart-profile upload " + id,
          u.ok() ? "version " + u.version() : u.problems().size() + " problems", u.ok() ? "stored" : "rejected");
      if (u.ok()) {
        reply(c, keepAlive, HttpResponseStatus.CREATED, Json.message("cart.profile").put("cartId", id)
            .put("version", u.version()));
      } else {
        reply(c, keepAlive, HttpResponseStatus.UNPROCESSABLE_ENTITY, problems(u.problems()));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void putModel(ChannelHandlerContext c, boolean keepAlive, Claims who, String name, String hocon) {
    try {
      List<String> problems = store.putModel(name, hocon);
      audit.record(who.subject(), who.role().wireName(), "-", "cart-model upload " + name, "",
          problems.isEmpty() ? "stored" : "rejected");
      if (problems.isEmpty()) {
        reply(c, keepAlive, HttpResponseStatus.OK, Json.message("cart.model").put("model", name));
      } else {
        reply(c, keepAlive, HttpResponseStatus.UNPROCESSABLE_ENTITY, problems(problems));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void versions(ChannelHandlerContext c, boolean keepAlive, String id) {
    try {
      ObjectNode out = Json.message("cart.versions").put("cartId", id);
      store.active(id).ifPresent(s -> out.put("active", s.version()));
      ArrayNode list = out.putArray("versions");
      store.versions(id).forEach(list::add);
      reply(c, keepAlive, HttpResponseStatus.OK, out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void rollback(ChannelHandlerContext c, boolean keepAlive, Claims who, String id, String version) {
    try {
      int v = version.matches("\\d{1,9}") ? Integer.parseInt(version) : -1;
      boolean ok = v > 0 && store.rollback(id, v);
      audit.record(who.subject(), who.role().wireName(), "-", "cart-profile rollback " + id, "version " + version,
          ok ? "applied" : "no-such-version");
      reply(c, keepAlive, ok ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, ok
          ? Json.message("cart.profile").put("cartId", id).put("version", v)
          : Json.message("error").put("code", "no-such-version").put("message", "no version " + version));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectNode problems(List<String> problems) {
    ObjectNode e = Json.message("error").put("code", "invalid-profile")
        .put("message", problems.size() + " problem(s) in the profile");
    ArrayNode list = e.putArray("problems");
    problems.forEach(list::add);
    return e;
  }

  private static void reply(ChannelHandlerContext c, boolean keepAlive, HttpResponseStatus status, ObjectNode body) {
    HttpResponses.bytes(c, keepAlive, status, "application/json; charset=utf-8",
        body.toString().getBytes(StandardCharsets.UTF_8), null);
  }
}
