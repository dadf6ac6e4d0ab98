package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.telerounds.media.sfu.MediaException;
import org.telerounds.media.sfu.MediaServer;
import org.telerounds.media.sfu.Participant;
import org.telerounds.media.sfu.ParticipantListener;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.audit.AuditLog;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.carts.CartEnhancementPresets;
import org.telerounds.signaling.rooms.RoomDirectory;

/**
 * One client's signaling conversation over its WebSocket (protocol in docs/protocol.md): joining,
 * resuming and leaving. Each message goes through {@link MessageTable}, which declares every type's
 * guards (joined, role, form, rate limit) and hands it to its handler: {@link MediaRequests},
 * {@link CameraRequests} or {@link EnhancementRequests}. Session state is touched only on the event
 * loop of the connection that opened it ({@link #loop}); media futures and a resuming connection's
 * messages hop to it. It never blocks: every media call returns a future.
 *
 * <p>Resume: a joined session outlives its WebSocket for the resume window. Messages for it are
 * kept (see {@link Outbox}) and others see {@code participant.reconnecting}. A new
 * connection of the same subject, role and room that joins with the session's resume token takes
 * it over: same participant id, same media connections, the kept messages, and
 * {@code participant.resumed} for the others. After the window it leaves as before.
 */
public final class SignalingSession implements ParticipantListener {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.session");
  /** The event loop that owns this session's state: the first connection's, for the session's life. */
  private final io.netty.channel.EventLoop loop;
  /** Where messages go: the connection carrying the session now (a resume replaces it). */
  private final Outbox out;
  private final ResumeRegistry resumes;
  /** Joined with resume on (this session's loop only). */
  private boolean resumable;
  private String resumeToken;
  private java.util.concurrent.ScheduledFuture<?> resumeExpiry;
  private final Claims claims;
  private final String room;
  private final String participantId;
  private final MediaServer media;
  private final RoomDirectory directory;
  private final SignalingMetrics metrics;
  /** Written on this session's loop, read by other sessions' joins: copy-on-write. */
  private final List<TrackInfo> published = new java.util.concurrent.CopyOnWriteArrayList<>();
  private long joinedMillis;
  private final AuditLog audit;
  private final java.time.Clock clock;
  private final MediaRequests mediaRequests;
  private final CameraRequests cameraRequests;
  private final EnhancementRequests enhancementRequests;
  private volatile String displayName;
  private Participant participant;
  private boolean joining;
  private boolean closed;

  public SignalingSession(Channel channel, Claims claims, String room, MediaServer media, RoomDirectory directory,
      SignalingMetrics metrics, AuditLog audit, java.time.Clock clock, CartEnhancementPresets presets,
      ResumeRegistry resumes) {
    this.resumes = resumes;
    this.loop = channel.eventLoop();
    this.audit = audit;
    this.clock = clock;
    this.mediaRequests = new MediaRequests(this, clock);
    this.cameraRequests = new CameraRequests(this, clock);
    this.enhancementRequests = new EnhancementRequests(this, presets);
    this.out = new Outbox(channel);
    this.claims = claims;
    this.room = room;
    this.participantId = claims.role().wireName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.media = media;
    this.directory = directory;
    this.metrics = metrics;
  }

  public String participantId() { return participantId; }
  public String room() { return room; }

  /**
   * Sends a message; safe from any thread. While the connection is down and the session can be
   * resumed, the message is kept for the resuming connection ({@link Outbox}).
   */
  public void send(ObjectNode msg) {
    out.send(msg);
  }

  void error(ErrorCode code, String message, JsonNode request) {
    ObjectNode e = Json.error(code, message);
    if (request != null && request.hasNonNull("id")) e.set("id", request.get("id"));
    metrics.error(code);
    send(e);
  }

  /** A protocol error outside any request (a frame too large, a binary frame): sent and counted. */
  void refuse(ErrorCode code, String message) {
    error(code, message, null);
  }

  /** A reply of {@code type} to {@code request}: it echoes the request's {@code id}, if it had one. */
  static ObjectNode reply(String type, JsonNode request) {
    ObjectNode r = Json.message(type);
    if (request != null && request.hasNonNull("id")) r.set("id", request.get("id"));
    return r;
  }

  /**
   * Ends the conversation with a WebSocket close frame ({@code code}: 1000 after leave, 1011 after a
   * media failure), then closes the connection, so the client sees a clean close and not 1006.
   */
  private void closeWith(int code, String reason) {
    closeWith(out.channel(), code, reason);
  }

  private static void closeWith(Channel ch, int code, String reason) {
    if (ch.isActive()) {
      ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }

  /** Handles one text message; hops to the session's event loop (a resumed connection has its own). */
  void onMessage(String text) {
    if (!loop.inEventLoop()) {
      loop.execute(() -> onMessage(text));
      return;
    }
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
    withContext(() -> MessageTable.dispatch(this, type, msg));
  }

  /** {@code leave}: the server leaves the room for the client, then closes with 1000. */
  void leaveAndClose() {
    leave();
    closeWith(1000, "left");
  }

  void join(JsonNode msg) {
    if (participant != null || joining) {
      error(ErrorCode.ALREADY_JOINED, "already joined", msg);
      return;
    }
    String requested = msg.path("room").asText(room);
    if (!requested.equals(room)) {
      error(ErrorCode.ROOM_MISMATCH, "this connection was opened for another room", msg);
      return;
    }
    if (msg.path("resume").isTextual() && resumes.enabled()) {
      SignalingSession old = resumes.take(msg.get("resume").asText(), this::mayTakeOver);
      if (old != null) {
        joining = true;
        old.takeOver(out.channel(), msg, ok -> onChannel(() -> {
          joining = false;
          if (!ok) join(withoutResume(msg));
        }));
        return;
      }
      metrics.resume("refused");
    }
    JsonNode name = msg.get("name");
    if (name == null || name.isNull()) {
      displayName = claims.subject();
    } else if (!name.isTextual()) {
      error(ErrorCode.BAD_NAME, "name must be a string", msg);
      return;
    } else if (claims.role() == org.telerounds.signaling.auth.Role.CART) {
      // the cart's captions are labelled "Bedside" whatever it is called; its name only lists it
      displayName = name.asText().strip().replaceAll("\\p{C}", "");
      if (displayName.length() > DisplayNames.MAX_LENGTH) displayName = displayName.substring(0, DisplayNames.MAX_LENGTH);
      if (displayName.isEmpty()) displayName = claims.subject();
    } else {
      String given = name.asText().strip();
      java.util.Optional<String> problem = DisplayNames.problem(given);
      if (problem.isPresent()) {
        error(ErrorCode.BAD_NAME, problem.get(), msg);
        return;
      }
      displayName = given;
    }
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
      joinedMillis = clock.millis();
      if (resumes.enabled()) {
        resumeToken = ResumeRegistry.newToken();
        resumes.put(resumeToken, this);
        resumable = true;
        out.keepWhileAway(true);
      }
      directory.enter(room, this, before -> joinedMessage(msg, false, before),
          Json.message("participant.joined").setAll(describe()));
      metrics.joined();
      LOG.info("joined");
      // Tracks already in the room asked for an offer while the join was completing (participant
      // still null then): make it now. A no-op when nothing is pending.
      onRenegotiationNeeded();
      enhancementRequests.start(p);
    }));
  }

  /** {@code joined}: this participant, TURN credentials, the others and their tracks, and the resume token. */
  private ObjectNode joinedMessage(JsonNode msg, boolean resumed, List<SignalingSession> members) {
    ObjectNode joined = reply("joined", msg).put("room", room).put("participantId", participantId)
        .put("role", claims.role().wireName()).put("resumed", resumed);
    if (resumeToken != null) {
      joined.put("resumeToken", resumeToken).put("resumeWindowSeconds", resumes.window().toSeconds());
    }
    ArrayNode ice = joined.putArray("iceServers"); // TURN with time-limited credentials, when configured
    for (org.telerounds.media.ice.TurnCredentials.IceServer server : media.iceServers(participantId)) {
      ObjectNode entry = ice.addObject().put("username", server.username()).put("credential", server.credential());
      server.urls().forEach(entry.putArray("urls")::add);
    }
    ArrayNode others = joined.putArray("participants");
    ArrayNode tracks = joined.putArray("tracks");
    for (SignalingSession s : members) {
      if (s == this) continue;
      others.add(s.describe());
      s.published.forEach(t -> tracks.add(Json.track(t)));
    }
    return joined;
  }

  private static JsonNode withoutResume(JsonNode msg) {
    ObjectNode copy = msg.deepCopy();
    copy.remove("resume");
    return copy;
  }

  /** A resume token is good only for the same subject, role and room (fields fixed at creation). */
  private boolean mayTakeOver(SignalingSession old) {
    return old != this && old.claims.subject().equals(claims.subject()) && old.claims.role() == claims.role()
        && old.room.equals(room);
  }

  /**
   * The connection this session was on closed ({@code ch}; on its event loop). A joined session
   * with resume on waits for the window; others leave at once. A close of a connection the
   * session has already left behind (after a resume) changes nothing.
   */
  void connectionClosed(Channel ch) {
    loop.execute(() -> withContext(() -> {
      if (ch != out.channel() || closed) return;
      if (participant == null || !resumable) {
        leave();
        return;
      }
      out.away();
      metrics.resume("detached");
      directory.record().event(room, participantId, "connection.lost", clock.millis());
      directory.broadcast(room, Json.message("participant.reconnecting").put("participantId", participantId), this);
      LOG.info("connection lost: resumable for {} s", resumes.window().toSeconds());
      resumeExpiry = loop.schedule(() -> withContext(() -> {
        if (closed || !out.isAway()) return;
        metrics.resume("expired");
        LOG.info("not resumed within {} s: leaving", resumes.window().toSeconds());
        leave();
      }), resumes.window().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }));
  }

  /**
   * A new connection {@code ch} resumes this session (already taken from the registry): on this
   * session's loop, the connection is switched, kept messages follow {@code joined} in order, the
   * old connection (if the server had not noticed it was gone) is closed with 4002, and the others
   * hear {@code participant.resumed}. {@code done} gets false when the session ended meanwhile.
   */
  private void takeOver(Channel ch, JsonNode msg, java.util.function.Consumer<Boolean> done) {
    loop.execute(() -> withContext(() -> {
      WebSocketFrameHandler handler = ch.pipeline().get(WebSocketFrameHandler.class);
      if (closed || participant == null || handler == null) {
        done.accept(false);
        return;
      }
      if (resumeExpiry != null) resumeExpiry.cancel(false);
      resumeToken = ResumeRegistry.newToken();
      resumes.put(resumeToken, this);
      handler.rebind(this);
      Outbox.Switched was = out.switchTo(ch,
          dropped -> joinedMessage(msg, true, directory.members(room)).put("missed", dropped));
      if (!was.wasAway()) closeWith(was.previous(), 4002, "resumed");
      metrics.resume("resumed");
      directory.record().event(room, participantId, "connection.resumed", clock.millis());
      directory.broadcast(room, Json.message("participant.resumed").put("participantId", participantId), this);
      LOG.info("resumed on a new connection");
      done.accept(true);
    }));
  }

  /** The token's subject (a staff member's or cart's id). */
  public String subject() {
    return claims.subject();
  }

  /** The name given at join (the token's subject by default); labels this participant's captions. */
  public String displayName() {
    return displayName;
  }

  public String roleName() {
    return claims.role().wireName();
  }

  public long joinedMillis() {
    return joinedMillis;
  }

  ObjectNode describe() {
    ObjectNode d = Json.MAPPER.createObjectNode().put("participantId", participantId)
        .put("role", claims.role().wireName()).put("name", displayName);
    ObjectNode cams = cameraRequests.announced();
    if (cams != null) d.set("cameras", cams.deepCopy());
    return d;
  }

  /** A track of this participant's came (a publish, or the server's own such as voice:enhanced). */
  void trackAdded(TrackInfo t) {
    published.add(t);
    ObjectNode ev = Json.message("track.added");
    ev.set("track", Json.track(t));
    broadcast(ev);
  }

  /** A track of this participant's ended: the others hear track.removed. */
  void trackRemoved(TrackInfo t) {
    published.remove(t);
    announceRemoved(t);
  }

  private void announceRemoved(TrackInfo t) {
    ObjectNode ev = Json.message("track.removed");
    ev.set("track", Json.track(t));
    directory.broadcast(room, ev, this);
  }

  @Override
  public void onRenegotiationNeeded() {
    onChannel(() -> {
      Participant p = participant;
      if (p != null && !closed) mediaRequests.offerIfNeeded(p);
    });
  }

  @Override
  public void onTransportFailed(String pc, String reason) {
    onChannel(() -> {
      if (closed) return; // the session already ended (its other transport failed first, or it left)
      LOG.warn("{} transport failed: {}", pc, reason);
      error(ErrorCode.TRANSPORT_FAILED, pc + " transport failed: " + reason, null);
      leave();
      closeWith(1011, "transport-failed");
    });
  }

  void failed(Throwable err, JsonNode msg) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof MediaException me) {
      ErrorCode code = switch (me.code()) {
        case "bad-sdp" -> ErrorCode.BAD_SDP;
        case "bad-role" -> ErrorCode.BAD_ROLE;
        case "enhancement-unavailable" -> ErrorCode.UNAVAILABLE;
        default -> ErrorCode.BAD_REQUEST;
      };
      error(code, me.getMessage(), msg);
    } else {
      LOG.error("request failed", cause);
      error(ErrorCode.INTERNAL, "internal error", msg);
    }
  }

  @Override
  public void onServerTrackAdded(TrackInfo t) {
    onChannel(() -> {
      if (!closed && participant != null) trackAdded(t);
    });
  }

  @Override
  public void onServerTrackRemoved(TrackInfo t) {
    onChannel(() -> {
      if (!closed && published.contains(t)) trackRemoved(t);
    });
  }

  /**
   * The media server asks this publisher to send only some simulcast layers of one track: the page
   * gets {@code layers.active} with the publish m-section's mid and the rids to keep sending.
   */
  @Override
  public void onLayersActive(TrackInfo t, String mid, List<String> activeRids) {
    onChannel(() -> {
      if (closed) return;
      ObjectNode m = Json.message("layers.active").put("mid", mid).put("trackId", t.trackId());
      ArrayNode rids = m.putArray("active");
      activeRids.forEach(rids::add);
      send(m);
    });
  }

  /** Leaves the room (idempotent); on the session's event loop. */
  void leave() {
    if (closed) return;
    closed = true;
    resumable = false;
    out.keepWhileAway(false);
    resumes.remove(resumeToken, this);
    if (resumeExpiry != null) resumeExpiry.cancel(false);
    enhancementRequests.close();
    if (participant != null) {
      participant.leave();
      published.forEach(this::announceRemoved);
      directory.exit(room, this, Json.message("participant.left").put("participantId", participantId));
      metrics.left();
      withContext(() -> LOG.info("left"));
    }
  }

  // ---- for the request handlers (MessageTable, MediaRequests, CameraRequests, EnhancementRequests) ----

  Participant participant() { return participant; }
  boolean isJoined() { return participant != null; }
  boolean isClosed() { return closed; }
  Role role() { return claims.role(); }
  List<TrackInfo> published() { return published; }
  io.netty.channel.EventLoop loop() { return loop; }
  MediaRequests mediaRequests() { return mediaRequests; }
  CameraRequests cameraRequests() { return cameraRequests; }
  EnhancementRequests enhancementRequests() { return enhancementRequests; }

  boolean isCartSide() {
    return claims.role() == Role.CART || claims.role() == Role.OPERATOR;
  }

  /** The room's sessions now (this one included). */
  List<SignalingSession> members() {
    return directory.members(room);
  }

  /** Sends {@code ev} to everyone else in the room. */
  void broadcast(ObjectNode ev) {
    directory.broadcast(room, ev, this);
  }

  /** An audit entry by this participant about this room. */
  void audit(String action, String detail, String outcome) {
    audit.record(claims.subject(), claims.role().wireName(), room, action, detail, outcome);
  }

  /** An event in the round's journal (privacy, enhancement, connection lost and resumed). */
  void recordEvent(String name) {
    directory.record().event(room, participantId, name, clock.millis());
  }

  /** Runs {@code r} on this session's event loop with room and endpoint in the log context. */
  void onChannel(Runnable r) {
    loop.execute(() -> withContext(r));
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
