package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
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
import org.telerounds.signaling.audit.AuditLog;
import org.telerounds.signaling.auth.Permissions;
import org.telerounds.signaling.auth.Role;
import org.telerounds.signaling.carts.CartEnhancementPresets;
import org.telerounds.signaling.rooms.RoomDirectory;

/**
 * One client's signaling conversation over its WebSocket (protocol in docs/protocol.md). Session
 * state is touched only on the event loop of the connection that opened it ({@link #loop}); media
 * futures and a resuming connection's messages hop to it. It never blocks: every media call
 * returns a future.
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
  /** What this cart's cameras can do, as it last announced; read by other sessions' joins. */
  private volatile ObjectNode cameras;
  private long joinedMillis;
  private final AuditLog audit;
  private final java.time.Clock clock;
  private final RateLimiter cameraCommands;
  private final RateLimiter privacyChanges;
  private final RateLimiter viewChanges;
  private final RateLimiter iceRestarts;
  private final java.util.Set<String> commandsAwaitingResult = new java.util.HashSet<>();
  private int nextCommand;
  private volatile String displayName;
  private Participant participant;
  private boolean joining;
  private boolean closed;
  private final CartEnhancementPresets presets;
  private java.util.concurrent.ScheduledFuture<?> levelsTimer;

  public SignalingSession(Channel channel, Claims claims, String room, MediaServer media, RoomDirectory directory,
      SignalingMetrics metrics, AuditLog audit, java.time.Clock clock, CartEnhancementPresets presets,
      ResumeRegistry resumes) {
    this.presets = presets;
    this.resumes = resumes;
    this.loop = channel.eventLoop();
    this.audit = audit;
    this.clock = clock;
    this.cameraCommands = new RateLimiter(clock, 10, 5);
    this.privacyChanges = new RateLimiter(clock, 2, 5); // an operator's burst; each change is audited
    this.viewChanges = new RateLimiter(clock, 5, 10); // a page sends one after each resize settles
    this.iceRestarts = new RateLimiter(clock, 1, 3); // each makes new credentials and an offer
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

  private void error(ErrorCode code, String message, JsonNode request) {
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
  private static ObjectNode reply(String type, JsonNode request) {
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
        closeWith(1000, "left");
      }
      case "ping" -> send(reply("pong", msg));
      case "privacy" -> privacy(msg);
      case "mute" -> mute(msg);
      case "camera.control" -> cameraControl(msg);
      case "camera.result" -> cameraResult(msg);
      case "camera.capabilities" -> cameraCapabilities(msg);
      case "enhancement" -> enhancement(msg);
      case "video.view" -> videoView(msg);
      case "ice.restart" -> iceRestart(msg);
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
      startEnhancement(p);
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
    ObjectNode cams = cameras;
    if (cams != null) d.set("cameras", cams.deepCopy());
    return d;
  }

  /** A cart says what its cameras can do (axis ranges, preset names), for the experts' controls. */
  private void cameraCapabilities(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    if (!isCartSide()) {
      error(ErrorCode.FORBIDDEN, "only the cart or its operator describes the cart's cameras", msg);
      return;
    }
    ObjectNode clean = CameraControl.capabilities(msg.get("cameras"));
    if (clean == null) {
      error(ErrorCode.BAD_REQUEST, "\"cameras\" must map camera:room/camera:exam to {pan,tilt,zoom: {min,max},"
          + " presets: [names]}", msg);
      return;
    }
    cameras = clean;
    ObjectNode ev = Json.message("camera.capabilities").put("participantId", participantId);
    ev.set("cameras", clean);
    directory.broadcast(room, ev, this);
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

  private boolean isCartSide() {
    return claims.role() == Role.CART || claims.role() == Role.OPERATOR;
  }

  /** Privacy mode: the sender's video stops reaching anyone (and any tap) until turned off. */
  private void privacy(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    if (!isCartSide()) {
      error(ErrorCode.FORBIDDEN, "only the cart or its operator switches privacy mode", msg);
      return;
    }
    boolean on = msg.path("on").asBoolean(false);
    if (!privacyChanges.tryAcquire()) {
      audit.record(claims.subject(), claims.role().wireName(), room, "privacy", on ? "on" : "off", "rate-limited");
      error(ErrorCode.RATE_LIMITED, "too many privacy changes; at most 2 per second", msg);
      return;
    }
    participant.setPaused(t -> t.kind().equals("video"), on).whenComplete((changed, err) -> onChannel(() -> {
      if (err != null) {
        failed(err, msg);
        return;
      }
      directory.record().event(room, participantId, on ? "privacy.on" : "privacy.off", clock.millis());
      audit.record(claims.subject(), claims.role().wireName(), room, "privacy", on ? "on" : "off", "applied");
      ObjectNode ev = Json.message("privacy").put("participantId", participantId).put("on", on);
      if (msg.hasNonNull("id")) ev.set("id", msg.get("id"));
      send(ev);
      directory.broadcast(room, Json.message("privacy").put("participantId", participantId).put("on", on), this);
    }));
  }

  /**
   * The sizes at which the sender shows its video ({@link ViewSizes}): each simulcast leg then gets
   * no larger layer than its view needs. No reply; errors only.
   */
  private void videoView(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    Map<String, int[]> views;
    try {
      views = ViewSizes.parse(msg);
    } catch (IllegalArgumentException e) {
      error(ErrorCode.BAD_REQUEST, e.getMessage(), msg);
      return;
    }
    if (!viewChanges.tryAcquire()) {
      error(ErrorCode.RATE_LIMITED, "too many video.view messages; at most 5 per second", msg);
      return;
    }
    participant.setViews(views).whenComplete((n, err) -> {
      if (err != null) onChannel(() -> failed(err, msg));
    });
  }

  /**
   * The client lost the path of its subscribe connection: a new subscribe offer with new ICE
   * credentials follows the reply. (The publish connection restarts by the client's own offer.)
   */
  private void iceRestart(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    String pc = msg.path("pc").asText("");
    if (pc.equals("publish")) {
      error(ErrorCode.BAD_REQUEST, "the publish connection restarts ICE with a new offer: send publish with it", msg);
      return;
    }
    if (!pc.equals("subscribe")) {
      error(ErrorCode.BAD_REQUEST, "ice.restart needs \"pc\": \"subscribe\"", msg);
      return;
    }
    if (!iceRestarts.tryAcquire()) {
      error(ErrorCode.RATE_LIMITED, "too many ice.restart messages; at most 1 per second", msg);
      return;
    }
    participant.restartSubscribeIce().whenComplete((v, err) -> onChannel(() -> {
      if (err != null) failed(err, msg);
      else send(reply("ice.restarting", msg).put("pc", "subscribe"));
    }));
  }

  /** Mutes or unmutes one of the sender's own tracks on the server. */
  private void mute(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    String trackId = msg.path("trackId").asText(null);
    if (trackId == null || published.stream().noneMatch(t -> t.trackId().equals(trackId))) {
      error(ErrorCode.BAD_REQUEST, "mute needs the \"trackId\" of one of your tracks", msg);
      return;
    }
    boolean muted = msg.path("muted").asBoolean(true);
    participant.setPaused(t -> t.trackId().equals(trackId), muted).whenComplete((changed, err) -> onChannel(() -> {
      if (err != null) {
        failed(err, msg);
        return;
      }
      ObjectNode ev = Json.message("track.muted").put("trackId", trackId).put("participantId", participantId)
          .put("muted", muted);
      ObjectNode answer = ev.deepCopy();
      if (msg.hasNonNull("id")) answer.set("id", msg.get("id"));
      send(answer);
      directory.broadcast(room, ev, this);
    }));
  }

  /** An expert steers a cart camera: validated, rate-limited, audited, relayed to the cart. */
  private void cameraControl(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    String detail = CameraControl.describe(msg);
    if (claims.role() != Role.EXPERT) {
      audit.record(claims.subject(), claims.role().wireName(), room, "camera.control", detail, "forbidden");
      error(ErrorCode.FORBIDDEN, "only experts in the room steer cameras", msg);
      return;
    }
    String problem = CameraControl.problem(msg);
    if (problem != null) {
      error(ErrorCode.BAD_REQUEST, problem, msg);
      return;
    }
    if (!cameraCommands.tryAcquire()) {
      audit.record(claims.subject(), claims.role().wireName(), room, "camera.control", detail, "rate-limited");
      error(ErrorCode.RATE_LIMITED, "too many camera commands; at most 10 per second", msg);
      return;
    }
    String target = msg.get("target").asText();
    SignalingSession cart = directory.members(room).stream()
        .filter(s -> s.participantId.equals(target) && s.isCartSide()).findFirst().orElse(null);
    if (cart == null) {
      audit.record(claims.subject(), claims.role().wireName(), room, "camera.control", detail, "no-target");
      error(ErrorCode.NO_SUCH_TARGET, "no cart with that participantId in this room", msg);
      return;
    }
    String requestId = participantId + ":" + (++nextCommand);
    audit.record(claims.subject(), claims.role().wireName(), room, "camera.control", detail, "relayed");
    cart.deliverCommand(CameraControl.command(msg, requestId, participantId));
    ObjectNode ack = Json.message("camera.sent").put("requestId", requestId);
    if (msg.hasNonNull("id")) ack.set("id", msg.get("id"));
    send(ack);
  }

  private void deliverCommand(ObjectNode command) {
    onChannel(() -> {
      commandsAwaitingResult.add(command.get("requestId").asText());
      send(command);
    });
  }

  /** The cart's answer to a camera command, routed back to the expert who sent it. */
  private void cameraResult(JsonNode msg) {
    String requestId = msg.path("requestId").asText("");
    if (!commandsAwaitingResult.remove(requestId)) {
      error(ErrorCode.BAD_REQUEST, "no camera command with that requestId is awaiting a result", msg);
      return;
    }
    String status = msg.path("status").asText();
    if (!status.equals("applied") && !status.equals("unsupported")) {
      error(ErrorCode.BAD_REQUEST, "\"status\" must be applied or unsupported", msg);
      return;
    }
    String requester = requestId.substring(0, requestId.lastIndexOf(':'));
    ObjectNode result = Json.message("camera.result").put("requestId", requestId).put("status", status)
        .put("from", participantId);
    if (msg.has("applied") && msg.get("applied").isObject()) result.set("applied", msg.get("applied"));
    if (msg.hasNonNull("reason")) result.put("reason", msg.get("reason").asText());
    directory.members(room).stream().filter(s -> s.participantId.equals(requester)).findFirst()
        .ifPresent(s -> s.send(result));
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
      if (closed) return; // the session already ended (its other transport failed first, or it left)
      LOG.warn("{} transport failed: {}", pc, reason);
      error(ErrorCode.TRANSPORT_FAILED, pc + " transport failed: " + reason, null);
      leave();
      closeWith(1011, "transport-failed");
    });
  }

  private void failed(Throwable err, JsonNode msg) {
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

  // ---- voice enhancement (docs/protocol.md#voice-enhancement) ----

  private boolean mayControlEnhancement() {
    return claims.role() == Role.EXPERT || claims.role() == Role.OPERATOR;
  }

  /** After join: the room's state to this client; a cart's profile preset; levels for controllers. */
  private void startEnhancement(Participant p) {
    p.roomEnhancement().whenComplete((s, err) -> {
      if (s != null) send(EnhancementMessages.state(s, null));
    });
    if (claims.role() == Role.CART && presets != null) {
      presets.patientMicPreset(claims.subject()).whenComplete((preset, err) -> {
        if (err != null) {
          withContext(() -> LOG.warn("cannot read the cart's enhancement preset; using the default: {}", err.toString()));
        } else if (preset.isPresent()) {
          p.setEnhancementPreset(preset.get()).whenComplete((v, e2) -> { }); // unavailable: nothing to set
        }
      });
    }
    if (mayControlEnhancement()) {
      levelsTimer = loop.scheduleAtFixedRate(this::sendLevels, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private void sendLevels() {
    Participant p = participant;
    if (p == null || closed) return;
    p.roomEnhancement().whenComplete((s, err) -> {
      if (s != null && s.enabled() && !s.carts().isEmpty()) send(EnhancementMessages.levels(s));
    });
  }

  /** An operator or expert switches the room's voice enhancement on or off: audited, broadcast. */
  private void enhancement(JsonNode msg) {
    if (participant == null) {
      error(ErrorCode.NOT_JOINED, "join first", msg);
      return;
    }
    if (!msg.path("enabled").isBoolean()) {
      error(ErrorCode.BAD_REQUEST, "enhancement needs a boolean \"enabled\"", msg);
      return;
    }
    boolean on = msg.get("enabled").asBoolean();
    if (!mayControlEnhancement()) {
      audit.record(claims.subject(), claims.role().wireName(), room, "enhancement", on ? "on" : "off", "forbidden");
      error(ErrorCode.FORBIDDEN, "only operators and experts switch voice enhancement", msg);
      return;
    }
    Participant p = participant;
    p.setRoomEnhancement(on).thenCompose(changed -> p.roomEnhancement().thenApply(s -> Map.entry(changed, s)))
        .whenComplete((r, err) -> onChannel(() -> {
          if (err != null) {
            audit.record(claims.subject(), claims.role().wireName(), room, "enhancement", on ? "on" : "off", "failed");
            failed(err, msg);
            return;
          }
          audit.record(claims.subject(), claims.role().wireName(), room, "enhancement", on ? "on" : "off",
              r.getKey() ? "applied" : "unchanged");
          if (r.getKey()) directory.record().event(room, participantId, on ? "enhancement.on" : "enhancement.off", clock.millis());
          ObjectNode state = EnhancementMessages.state(r.getValue(), participantId);
          ObjectNode reply = state.deepCopy();
          if (msg.hasNonNull("id")) reply.set("id", msg.get("id"));
          send(reply);
          directory.broadcast(room, state, this);
        }));
  }

  @Override
  public void onServerTrackAdded(TrackInfo t) {
    onChannel(() -> {
      if (closed || participant == null) return;
      published.add(t);
      ObjectNode ev = Json.message("track.added");
      ev.set("track", Json.track(t));
      directory.broadcast(room, ev, this);
    });
  }

  @Override
  public void onServerTrackRemoved(TrackInfo t) {
    onChannel(() -> {
      if (closed || !published.remove(t)) return;
      trackRemoved(t);
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
    if (levelsTimer != null) levelsTimer.cancel(false);
    if (participant != null) {
      participant.leave();
      published.forEach(this::trackRemoved);
      directory.exit(room, this, Json.message("participant.left").put("participantId", participantId));
      metrics.left();
      withContext(() -> LOG.info("left"));
    }
  }

  /** Runs {@code r} on this session's event loop with room and endpoint in the log context. */
  private void onChannel(Runnable r) {
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
