package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.telerounds.media.sfu.MediaException;
import org.telerounds.media.sfu.MediaServer;
import org.telerounds.media.sfu.Participant;
import org.telerounds.media.sfu.ParticipantListener;
import org.telerounds.media.sfu.PublishResult;
import org.telerounds.media.sfu.SubscribedTrack;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.Permissions;
import org.telerounds.signaling.rooms.RoomDirectory;

/**
 * One client's signaling conversation over its WebSocket (protocol in docs/protocol.md). Session
 * state is touched only on the channel's event loop; media futures hop back to it. It never
 * blocks: every media call returns a future.
 */
public final class SignalingSession implements ParticipantListener {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.session");
  private final Channel channel;
  private final Claims claims;
  private final String room;
  private final String participantId;
  private final MediaServer media;
  private final RoomDirectory directory;
  private final SignalingMetrics metrics;
  private final List<TrackInfo> published = new ArrayList<>();
  private String displayName;
  private Participant participant;
  private boolean joining;
  private boolean closed;

  public SignalingSession(Channel channel, Claims claims, String room, MediaServer media, RoomDirectory directory,
      SignalingMetrics metrics) {
    this.channel = channel;
    this.claims = claims;
    this.room = room;
    this.participantId = claims.role().wireName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.media = media;
    this.directory = directory;
    this.metrics = metrics;
  }

  public String participantId() { return participantId; }
  public String room() { return room; }

  /** Sends a message; safe from any thread. */
  public void send(ObjectNode msg) {
    if (channel.isActive()) {
      channel.writeAndFlush(new TextWebSocketFrame(msg.toString()));
    }
  }

  private void error(ErrorCode code, String message, JsonNode request) {
    ObjectNode e = Json.error(code, message);
    if (request != null && request.hasNonNull("id")) e.set("id", request.get("id"));
    metrics.error(code);
    send(e);
  }

  /** Handles one text message; on the channel's event loop. */
  void onMessage(String text) {
    JsonNode msg;
    try {
      msg = Json.MAPPER.readTree(text);
    } catch (Exception e) {
      error(ErrorCode.BAD_JSON, "message is not valid JSON", null);
      return;
    }
    if (msg == null || !msg.isObject() || !msg.path("type").isTextual()) {
      error(ErrorCode.BAD_REQUEST, "message must be an object with a string \"type\"", null);
      return;
    }
    String type = msg.get("type").asText();
    withContext(() -> dispatch(type, msg));
  }

  private void dispatch(String type, JsonNode msg) {
    switch (type) {
      case "join" -> join(msg);
      case "publish" -> publish(msg);
      case "subscribe.answer" -> subscribeAnswer(msg);
      case "trickle" -> { } // ICE-lite: the server learns the browser's address from its checks
      case "leave" -> {
        leave();
        channel.close();
      }
      case "ping" -> send(Json.message("pong"));
      default -> error(ErrorCode.UNKNOWN_TYPE, "unknown message type", msg);
    }
  }

  private void join(JsonNode msg) {
    if (participant != null || joining) {
      error(ErrorCode.ALREADY_JOINED, "already joined", msg);
      return;
    }
    String requested = msg.path("room").asText(room);
    if (!requested.equals(room)) {
      error(ErrorCode.ROOM_MISMATCH, "this connection was opened for another room", msg);
      return;
    }
    displayName = msg.path("name").asText(claims.subject());
    if (displayName.length() > 64) displayName = displayName.substring(0, 64);
    joining = true;
    media.join(room, participantId, this).whenComplete((p, err) -> onChannel(() -> {
      joining = false;
      if (err != null) {
        failed(err, msg);
        return;
      }
      if (closed) {
        p.leave();
        return;
      }
      participant = p;
      ObjectNode joined = Json.message("joined").put("room", room).put("participantId", participantId)
          .put("role", claims.role().wireName());
      ArrayNode others = joined.putArray("participants");
      ArrayNode tracks = joined.putArray("tracks");
      for (SignalingSession s : directory.members(room)) {
        others.add(s.describe());
        s.published.forEach(t -> tracks.add(Json.track(t)));
      }
      directory.add(room, this);
      metrics.joined();
      send(joined);
      directory.broadcast(room, Json.message("participant.joined").setAll(describe()), this);
      LOG.info("joined");
    }));
  }

  ObjectNode describe() {
    return Json.MAPPER.createObjectNode().put("participantId", participantId).put("role", claims.role().wireName())
        .put("name", displayName);
  }

  private void publish(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    if (!msg.path("sdp").isTextual()) {
      error(ErrorCode.BAD_REQUEST, "publish needs an \"sdp\" string", msg);
      return;
    }
    Map<String, String> roles = new LinkedHashMap<>();
    for (JsonNode t : msg.path("tracks")) {
      String mid = t.path("mid").asText(null);
      String role = t.path("role").asText(null);
      if (mid == null || role == null) {
        error(ErrorCode.BAD_REQUEST, "each track needs \"mid\" and \"role\"", msg);
        return;
      }
      if (!Permissions.mayPublish(claims.role(), role)) {
        error(ErrorCode.FORBIDDEN_ROLE, "role " + claims.role().wireName() + " may not publish " + role, msg);
        return;
      }
      roles.put(mid, role);
    }
    participant.publish(msg.get("sdp").asText(), roles).whenComplete((r, err) -> onChannel(() -> {
      if (err != null) {
        failed(err, msg);
        return;
      }
      onPublished(r, msg);
    }));
  }

  private void onPublished(PublishResult r, JsonNode msg) {
    ObjectNode answer = Json.message("publish.answer").put("sdp", r.answerSdp());
    if (msg.hasNonNull("id")) answer.set("id", msg.get("id"));
    ArrayNode tracks = answer.putArray("tracks");
    r.added().forEach(t -> tracks.add(Json.track(t)));
    send(answer);
    for (TrackInfo t : r.added()) {
      published.add(t);
      ObjectNode ev = Json.message("track.added");
      ev.set("track", Json.track(t));
      directory.broadcast(room, ev, this);
    }
    for (TrackInfo t : r.removed()) {
      published.remove(t);
      trackRemoved(t);
    }
  }

  private void trackRemoved(TrackInfo t) {
    ObjectNode ev = Json.message("track.removed");
    ev.set("track", Json.track(t));
    directory.broadcast(room, ev, this);
  }

  private void subscribeAnswer(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    if (!msg.path("sdp").isTextual()) {
      error(ErrorCode.BAD_REQUEST, "subscribe.answer needs an \"sdp\" string", msg);
      return;
    }
    participant.applySubscribeAnswer(msg.get("sdp").asText()).whenComplete((v, err) -> {
      if (err != null) onChannel(() -> failed(err, msg));
    });
  }

  @Override
  public void onRenegotiationNeeded() {
    onChannel(() -> {
      Participant p = participant;
      if (p == null || closed) return;
      p.createSubscribeOffer().whenComplete((offer, err) -> {
        if (err != null || offer == null) return;
        ObjectNode m = Json.message("subscribe.offer").put("sdp", offer.sdp());
        ArrayNode tracks = m.putArray("tracks");
        for (SubscribedTrack st : offer.tracks()) {
          tracks.add(Json.track(st.track()).put("mid", st.mid()).put("active", st.active()));
        }
        send(m);
      });
    });
  }

  @Override
  public void onTransportFailed(String pc, String reason) {
    onChannel(() -> {
      LOG.warn("{} transport failed: {}", pc, reason);
      send(Json.error(ErrorCode.TRANSPORT_FAILED, pc + " transport failed: " + reason));
      leave();
      channel.close();
    });
  }

  private void failed(Throwable err, JsonNode msg) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof MediaException me) {
      ErrorCode code = switch (me.code()) {
        case "bad-sdp" -> ErrorCode.BAD_SDP;
        case "bad-role" -> ErrorCode.BAD_ROLE;
        default -> ErrorCode.BAD_REQUEST;
      };
      error(code, me.getMessage(), msg);
    } else {
      LOG.error("request failed", cause);
      error(ErrorCode.INTERNAL, "internal error", msg);
    }
  }

  /** Leaves the room (idempotent); on the channel's event loop. */
  void leave() {
    if (closed) return;
    closed = true;
    if (participant != null) {
      participant.leave();
      directory.remove(room, this);
      published.forEach(this::trackRemoved);
      directory.broadcast(room, Json.message("participant.left").put("participantId", participantId), this);
      metrics.left();
      withContext(() -> LOG.info("left"));
    }
  }

  /** Runs {@code r} on this channel's event loop with room and endpoint in the log context. */
  private void onChannel(Runnable r) {
    channel.eventLoop().execute(() -> withContext(r));
  }

  private void withContext(Runnable r) {
    MDC.put("room", room);
    MDC.put("endpoint", participantId);
    try {
      r.run();
    } finally {
      MDC.remove("room");
      MDC.remove("endpoint");
    }
  }
}
