package org.telerounds.signaling.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.transcribe.Caption;
import org.telerounds.media.transcribe.CaptionJson;
import org.telerounds.media.transcribe.LiveTranscription;
import org.telerounds.media.transcribe.TranscriptWriter;
import org.telerounds.signaling.ws.Json;
import org.telerounds.signaling.ws.SignalingSession;

/**
 * Live captions between the media server's {@link LiveTranscription} and the room's experts and
 * operators (carts and other roles get none): a round's transcription starts with its first
 * participant, each joiner's display name labels their captions, {@code captions.state} tells
 * experts whether captions work (and why not), {@code caption.partial}/{@code caption.final} are
 * relayed as they come, and when the room empties the round's transcript (WebVTT and JSON) goes to
 * the recorder before the round is ended there. Caption text is patient data and is never logged.
 */
public final class CaptionRelay implements AutoCloseable {
  /** Where a round's transcript files go: {@code Recorder::attachTranscript}. */
  @FunctionalInterface
  public interface TranscriptSink {
    void attach(String room, byte[] vtt, byte[] json);

    /**
     * Each final caption as it comes (on a recognition thread; must not block), so that a crash
     * keeps the transcript up to it. {@code startedMillis} is the transcript clock's zero.
     */
    default void caption(String room, long startedMillis, Caption c) {}

    /** The recorder's: files at the end through {@code attachTranscript}, finals as they come through {@code caption}. */
    static TranscriptSink to(org.telerounds.recorder.Recorder recorder) {
      return new TranscriptSink() {
        @Override
        public void attach(String room, byte[] vtt, byte[] json) {
          recorder.attachTranscript(room, vtt, json);
        }

        @Override
        public void caption(String room, long startedMillis, Caption c) {
          recorder.caption(room, startedMillis, c);
        }
      };
    }
  }

  static final Set<String> RECEIVERS = Set.of("expert", "operator");
  private static final Logger LOG = LoggerFactory.getLogger("signaling.captions");
  private static final String OFF = "live transcription is disabled (telerounds.transcription.enabled = false)";
  private final LiveTranscription live;
  private final org.telerounds.signaling.carts.CartIdentities carts;
  private final TranscriptSink sink;
  private final Executor blocking;
  private final Clock clock;
  private final Map<String, LiveTranscription.RoomHandle> rooms = new ConcurrentHashMap<>();
  private final Set<CompletableFuture<Void>> ending = ConcurrentHashMap.newKeySet();
  private volatile Function<String, List<SignalingSession>> members = r -> List.of();

  /**
   * @param live the tap, or null when transcription is off (experts are told so)
   * @param sink where transcripts go, or null when recording is off
   * @param blocking runs transcript serialisation and the hand-off to the recorder
   */
  public CaptionRelay(LiveTranscription live, TranscriptSink sink, Executor blocking, Clock clock) {
    this(live, sink, null, blocking, clock);
  }

  /**
   * @param carts reads a joining cart's hospital so the round uses that hospital's engine and
   *     model for speakers after it (null: by room only)
   */
  public CaptionRelay(LiveTranscription live, TranscriptSink sink, org.telerounds.signaling.carts.CartIdentities carts,
      Executor blocking, Clock clock) {
    this.carts = carts;
    this.live = live;
    this.sink = sink;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** Called once by the {@link RoomDirectory} that owns the rooms. */
  void bind(Function<String, List<SignalingSession>> roomMembers) {
    this.members = roomMembers;
  }

  /** {@code s} joined {@code room}: starts the round's transcription if needed, labels, tells experts. */
  void joined(String room, SignalingSession s) {
    if (live == null) {
      if (RECEIVERS.contains(s.roleName())) s.send(state(false, OFF, null));
      return;
    }
    LiveTranscription.RoomHandle h = rooms.computeIfAbsent(room, r -> {
      LiveTranscription.RoomHandle started = live.startRoom(r, null, clock.millis(), c -> deliver(r, c));
      started.transcriber().availability().thenAccept(reason -> broadcast(r, state(started, reason)));
      return started;
    });
    live.label(room, s.participantId(), label(s));
    if (RECEIVERS.contains(s.roleName())) s.send(state(h, h.transcriber().availability().getNow(null)));
    if (carts != null && s.roleName().equals("cart")) blocking.execute(() -> useCartsHospital(room, s.subject()));
  }

  /** On the blocking executor: the cart's hospital picks the engine and model for later speakers. */
  private void useCartsHospital(String room, String cartId) {
    String hospital;
    try {
      hospital = carts.of(cartId).map(org.telerounds.signaling.carts.CartIdentities.Identity::hospital).orElse(null);
    } catch (IOException e) {
      LOG.warn("cannot read the cart's profile for its hospital's transcription settings: {}", e.getMessage());
      return;
    }
    if (hospital == null) return;
    LiveTranscription.RoomHandle before = rooms.get(room);
    LiveTranscription.RoomHandle now = live.useHospital(room, hospital);
    if (before == null || now == null || now.transcriber() == before.transcriber()) return;
    rooms.replace(room, before, now);
    now.transcriber().availability().thenAccept(reason -> broadcast(room, state(now, reason)));
  }

  /** The cart speaks for the bedside (the patient, and staff at the bed); others by their display name. */
  static String label(SignalingSession s) {
    return s.roleName().equals("cart") ? "Bedside" : s.displayName();
  }

  /**
   * The room emptied: stops its transcription; completes once its transcript went to the recorder
   * (at once when the room was not transcribed).
   */
  CompletableFuture<Void> ended(String room) {
    LiveTranscription.RoomHandle h = rooms.remove(room);
    CompletableFuture<TranscriptWriter> t = h == null ? null : live.endRoom(room);
    if (t == null) return CompletableFuture.completedFuture(null);
    boolean worked = h.transcriber().isActive(); // no transcript at all rather than an empty one
    CompletableFuture<Void> done = t.thenAcceptAsync(w -> {
      if (worked || !w.finals().isEmpty()) store(room, h.startedMillis(), w);
    }, blocking)
        .exceptionally(e -> {
          LOG.warn("the round's transcript could not be stored: {}", e.toString());
          return null;
        });
    ending.add(done);
    done.whenComplete((v, e) -> ending.remove(done));
    return done;
  }

  private void store(String room, long startedMillis, TranscriptWriter w) {
    if (sink == null) return;
    try {
      StringWriter vtt = new StringWriter();
      StringWriter json = new StringWriter();
      w.writeVtt(vtt);
      w.writeJson(room, startedMillis, json);
      sink.attach(room, vtt.toString().getBytes(StandardCharsets.UTF_8), json.toString().getBytes(StandardCharsets.UTF_8));
      LOG.info("round transcript stored ({} captions)", w.finals().size());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** On a recognition thread: one caption to the room's experts and operators. */
  private void deliver(String room, Caption c) {
    LiveTranscription.RoomHandle h = rooms.get(room);
    if (h == null) return;
    if (sink != null && c.isFinal()) sink.caption(room, h.startedMillis(), c);
    try {
      ObjectNode ev = (ObjectNode) Json.MAPPER.readTree(CaptionJson.toJson(c));
      if (!c.isFinal()) ev.remove("words");
      ev.put("emitted", clock.millis() - h.startedMillis());
      broadcast(room, ev);
    } catch (IOException e) {
      LOG.warn("a caption could not be encoded ({})", e.getClass().getSimpleName());
    }
  }

  private void broadcast(String room, ObjectNode msg) {
    for (SignalingSession s : members.apply(room)) {
      if (RECEIVERS.contains(s.roleName())) s.send(msg);
    }
  }

  /** {@code reason} null: still loading. */
  private static ObjectNode state(LiveTranscription.RoomHandle h, Optional<String> reason) {
    ObjectNode m = state(reason == null || reason.isEmpty(), reason == null ? null : reason.orElse(null),
        h.transcriber().engineName());
    m.put("roundStartedMillis", h.startedMillis());
    if (reason == null) m.put("loading", true);
    return m;
  }

  private static ObjectNode state(boolean available, String reason, String engine) {
    ObjectNode m = Json.message("captions.state").put("available", available);
    if (reason != null) m.put("reason", reason);
    if (engine != null) m.put("engine", engine);
    return m;
  }

  /** Ends every transcribed room and waits (up to 15 s) until their transcripts went to the recorder. */
  @Override
  public void close() {
    List.copyOf(rooms.keySet()).forEach(this::ended);
    try {
      CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("transcripts of open rounds were not all stored at shutdown: {}", e.toString());
    }
  }
}
