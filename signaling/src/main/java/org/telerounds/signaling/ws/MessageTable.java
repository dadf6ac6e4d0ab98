package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.telerounds.signaling.auth.Role;

/**
 * Every client message type (docs/protocol.md, Client → server) with its guards, declared once:
 * whether the sender must have joined, which roles may send it, what makes it malformed, and its
 * rate limit. The guards run in that order and each refusal is an {@code error} that echoes the
 * request's {@code id}; a type that names an audit action also leaves an audit entry when a role
 * or rate guard refuses it. Only then does the handler run, on the session's event loop.
 */
final class MessageTable {
  private MessageTable() {}

  /** One message type's guards and handler. Build with {@link #row} and the {@code with…} methods. */
  record Row(boolean joinFirst, Set<Role> roles, String forbidden, Function<JsonNode, String> problem,
      Function<SignalingSession, RateLimiter> limiter, String limited, String auditAction,
      Function<JsonNode, String> auditDetail, BiConsumer<SignalingSession, JsonNode> handler) {

    Row roles(String forbiddenMessage, Role... allowed) {
      return new Row(joinFirst, EnumSet.of(allowed[0], allowed), forbiddenMessage, problem, limiter, limited,
          auditAction, auditDetail, handler);
    }

    /** {@code check} says what is wrong with a message (null when nothing), before any rate limit. */
    Row check(Function<JsonNode, String> check) {
      return new Row(joinFirst, roles, forbidden, check, limiter, limited, auditAction, auditDetail, handler);
    }

    Row limit(Function<SignalingSession, RateLimiter> bucket, String message) {
      return new Row(joinFirst, roles, forbidden, problem, bucket, message, auditAction, auditDetail, handler);
    }

    /** Refusals by role or rate are audited as {@code action} with {@code detail} of the message. */
    Row audited(String action, Function<JsonNode, String> detail) {
      return new Row(joinFirst, roles, forbidden, problem, limiter, limited, action, detail, handler);
    }
  }

  /** A message the sender must have joined to send. */
  private static Row joined(BiConsumer<SignalingSession, JsonNode> handler) {
    return new Row(true, null, null, null, null, null, null, null, handler);
  }

  /** A message anyone connected may send (its handler checks the rest). */
  private static Row anyone(BiConsumer<SignalingSession, JsonNode> handler) {
    return new Row(false, null, null, null, null, null, null, null, handler);
  }

  private static String onOff(JsonNode msg, String field) {
    return msg.path(field).asBoolean(false) ? "on" : "off";
  }

  static final Map<String, Row> ROWS = Map.ofEntries(
      Map.entry("join", anyone(SignalingSession::join)),
      Map.entry("ping", anyone((s, m) -> s.send(SignalingSession.reply("pong", m)))),
      Map.entry("leave", anyone((s, m) -> s.leaveAndClose())),
      Map.entry("trickle", anyone((s, m) -> { })), // ICE-lite: the server learns addresses from checks
      Map.entry("publish", joined((s, m) -> s.mediaRequests().publish(m))),
      Map.entry("subscribe.answer", joined((s, m) -> s.mediaRequests().subscribeAnswer(m))),
      Map.entry("ice.restart", joined((s, m) -> s.mediaRequests().iceRestart(m))
          .check(MediaRequests::iceRestartProblem)
          .limit(s -> s.mediaRequests().iceRestarts, "too many ice.restart messages; at most 1 per second")),
      Map.entry("video.view", joined((s, m) -> s.mediaRequests().videoView(m))
          .check(ViewSizes::problem)
          .limit(s -> s.mediaRequests().viewChanges, "too many video.view messages; at most 5 per second")),
      Map.entry("mute", joined((s, m) -> s.mediaRequests().mute(m))),
      Map.entry("privacy", joined((s, m) -> s.mediaRequests().privacy(m))
          .roles("only the cart or its operator switches privacy mode", Role.CART, Role.OPERATOR)
          .limit(s -> s.mediaRequests().privacyChanges, "too many privacy changes; at most 2 per second")
          .audited("privacy", m -> onOff(m, "on"))),
      Map.entry("camera.capabilities", joined((s, m) -> s.cameraRequests().capabilities(m))
          .roles("only the cart or its operator describes the cart's cameras", Role.CART, Role.OPERATOR)),
      Map.entry("camera.control", joined((s, m) -> s.cameraRequests().control(m))
          .roles("only experts in the room steer cameras", Role.EXPERT)
          .check(CameraControl::problem)
          .limit(s -> s.cameraRequests().commands, "too many camera commands; at most 10 per second")
          .audited("camera.control", CameraControl::describe)),
      Map.entry("camera.result", joined((s, m) -> s.cameraRequests().result(m))),
      Map.entry("enhancement", joined((s, m) -> s.enhancementRequests().enhancement(m))
          .roles("only operators and experts switch voice enhancement", Role.EXPERT, Role.OPERATOR)
          .check(m -> m.path("enabled").isBoolean() ? null : "enhancement needs a boolean \"enabled\"")
          .audited("enhancement", m -> onOff(m, "enabled"))));

  /** Runs {@code type}'s guards for {@code msg} from {@code s}, then its handler. On the session's loop. */
  static void dispatch(SignalingSession s, String type, JsonNode msg) {
    Row row = ROWS.get(type);
    if (row == null) {
      s.error(ErrorCode.UNKNOWN_TYPE, "unknown message type", msg);
      return;
    }
    if (row.joinFirst() && !s.isJoined()) {
      s.error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    if (row.roles() != null && !row.roles().contains(s.role())) {
      refuse(s, row, msg, ErrorCode.FORBIDDEN, row.forbidden(), "forbidden");
      return;
    }
    String problem = row.problem() == null ? null : row.problem().apply(msg);
    if (problem != null) {
      s.error(ErrorCode.BAD_REQUEST, problem, msg);
      return;
    }
    if (row.limiter() != null && !row.limiter().apply(s).tryAcquire()) {
      refuse(s, row, msg, ErrorCode.RATE_LIMITED, row.limited(), "rate-limited");
      return;
    }
    row.handler().accept(s, msg);
  }

  private static void refuse(SignalingSession s, Row row, JsonNode msg, ErrorCode code, String message, String outcome) {
    if (row.auditAction() != null) s.audit(row.auditAction(), row.auditDetail().apply(msg), outcome);
    s.error(code, message, msg);
  }
}
