package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.telerounds.media.sfu.Participant;
import org.telerounds.media.sfu.PublishResult;
import org.telerounds.media.sfu.SubscribedTrack;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.signaling.auth.Permissions;

/**
 * One session's requests about its media connections and tracks: {@code publish},
 * {@code subscribe.answer}, {@code ice.restart}, {@code video.view}, {@code mute} and
 * {@code privacy}, and the subscribe offers the server makes. {@link MessageTable} has already
 * checked each request's guards (joined, role, form, rate); these run on the session's event loop
 * and never block: media calls return futures, whose results hop back to the loop.
 */
final class MediaRequests {
  private final SignalingSession session;
  final RateLimiter privacyChanges; // an operator's burst; each change is audited
  final RateLimiter viewChanges; // a page sends one after each resize settles
  final RateLimiter iceRestarts; // each makes new credentials and an offer

  MediaRequests(SignalingSession session, Clock clock) {
    this.session = session;
    this.privacyChanges = new RateLimiter(clock, 2, 5);
    this.viewChanges = new RateLimiter(clock, 5, 10);
    this.iceRestarts = new RateLimiter(clock, 1, 3);
  }

  void publish(JsonNode msg) {
    if (!msg.path("sdp").isTextual()) {
      session.error(ErrorCode.BAD_REQUEST, "publish needs an \"sdp\" string", msg);
      return;
    }
    Map<String, String> roles = new LinkedHashMap<>();
    for (JsonNode t : msg.path("tracks")) {
      String mid = t.path("mid").asText(null);
      String role = t.path("role").asText(null);
      if (mid == null || role == null) {
        session.error(ErrorCode.BAD_REQUEST, "each track needs \"mid\" and \"role\"", msg);
        return;
      }
      if (!Permissions.mayPublish(session.role(), role)) {
        session.error(ErrorCode.FORBIDDEN_ROLE, "role " + session.role().wireName() + " may not publish " + role, msg);
        return;
      }
      roles.put(mid, role);
    }
    session.participant().publish(msg.get("sdp").asText(), roles).whenComplete((r, err) -> session.onChannel(() -> {
      if (err != null) {
        session.failed(err, msg);
        return;
      }
      onPublished(r, msg);
    }));
  }

  private void onPublished(PublishResult r, JsonNode msg) {
    ObjectNode answer = SignalingSession.reply("publish.answer", msg).put("sdp", r.answerSdp());
    ArrayNode tracks = answer.putArray("tracks");
    r.added().forEach(t -> tracks.add(Json.track(t)));
    session.send(answer);
    for (TrackInfo t : r.added()) session.trackAdded(t);
    for (TrackInfo t : r.removed()) session.trackRemoved(t);
  }

  void subscribeAnswer(JsonNode msg) {
    if (!msg.path("sdp").isTextual()) {
      session.error(ErrorCode.BAD_REQUEST, "subscribe.answer needs an \"sdp\" string", msg);
      return;
    }
    session.participant().applySubscribeAnswer(msg.get("sdp").asText()).whenComplete((v, err) -> {
      if (err != null) session.onChannel(() -> session.failed(err, msg));
    });
  }

  /** The next subscribe offer, if the participant has one to make (nothing changed: none). */
  void offerIfNeeded(Participant p) {
    p.createSubscribeOffer().whenComplete((offer, err) -> {
      if (err != null || offer == null) return;
      ObjectNode m = Json.message("subscribe.offer").put("sdp", offer.sdp());
      ArrayNode tracks = m.putArray("tracks");
      for (SubscribedTrack st : offer.tracks()) {
        tracks.add(Json.track(st.track()).put("mid", st.mid()).put("active", st.active()));
      }
      session.send(m);
    });
  }

  static String iceRestartProblem(JsonNode msg) {
    String pc = msg.path("pc").asText("");
    if (pc.equals("publish")) return "the publish connection restarts ICE with a new offer: send publish with it";
    return pc.equals("subscribe") ? null : "ice.restart needs \"pc\": \"subscribe\"";
  }

  /**
   * The client lost the path of its subscribe connection: a new subscribe offer with new ICE
   * credentials follows the reply. (The publish connection restarts by the client's own offer.)
   */
  void iceRestart(JsonNode msg) {
    session.participant().restartSubscribeIce().whenComplete((v, err) -> session.onChannel(() -> {
      if (err != null) session.failed(err, msg);
      else session.send(SignalingSession.reply("ice.restarting", msg).put("pc", "subscribe"));
    }));
  }

  /**
   * The sizes at which the sender shows its video ({@link ViewSizes}): each simulcast leg then gets
   * no larger layer than its view needs. No reply; errors only.
   */
  void videoView(JsonNode msg) {
    session.participant().setViews(ViewSizes.parse(msg)).whenComplete((n, err) -> {
      if (err != null) session.onChannel(() -> session.failed(err, msg));
    });
  }

  /** Mutes or unmutes one of the sender's own tracks on the server. */
  void mute(JsonNode msg) {
    String trackId = msg.path("trackId").asText(null);
    if (trackId == null || session.published().stream().noneMatch(t -> t.trackId().equals(trackId))) {
      session.error(ErrorCode.BAD_REQUEST, "mute needs the \"trackId\" of one of your tracks", msg);
      return;
    }
    boolean muted = msg.path("muted").asBoolean(true);
    session.participant().setPaused(t -> t.trackId().equals(trackId), muted)
        .whenComplete((changed, err) -> session.onChannel(() -> {
          if (err != null) {
            session.failed(err, msg);
            return;
          }
          ObjectNode ev = Json.message("track.muted").put("trackId", trackId)
              .put("participantId", session.participantId()).put("muted", muted);
          session.send(ev.deepCopy().setAll(SignalingSession.reply("track.muted", msg)));
          session.broadcast(ev);
        }));
  }

  /** Privacy mode: the sender's video stops reaching anyone (and any tap) until turned off. */
  void privacy(JsonNode msg) {
    boolean on = msg.path("on").asBoolean(false);
    session.participant().setPaused(t -> t.kind().equals("video"), on)
        .whenComplete((changed, err) -> session.onChannel(() -> {
          if (err != null) {
            session.failed(err, msg);
            return;
          }
          session.recordEvent(on ? "privacy.on" : "privacy.off");
          session.audit("privacy", on ? "on" : "off", "applied");
          session.send(SignalingSession.reply("privacy", msg).put("participantId", session.participantId()).put("on", on));
          session.broadcast(Json.message("privacy").put("participantId", session.participantId()).put("on", on));
        }));
  }
}
