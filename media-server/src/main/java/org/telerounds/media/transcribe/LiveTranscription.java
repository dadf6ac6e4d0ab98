package org.telerounds.media.transcribe;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.media.tap.PacketTap;

/**
 * The live feed: a {@link PacketTap} that sends each speaker's Opus packets of a transcribed room
 * to a {@link SpeakerFeed} (decoder and {@link TranscriptionStream}) on the recognition threads.
 *
 * <p>Speakers: the cart's voice, which is its server-made {@code voice:enhanced} track once that
 * track's packets appear (the cart's {@code mic:patient} feed is then closed, and reopened if the
 * enhanced track ends), else its {@code mic:patient} (always, with {@code cart-voice = raw}); and
 * every participant's
 * {@code mic:participant}. {@code mic:room} and {@code audio:stethoscope} are never transcribed.
 *
 * <p>Rooms are transcribed only between {@link #startRoom} and {@link #endRoom}; for any other room
 * a packet costs one map lookup. Times are on the round's clock: milliseconds since the {@code
 * startedMillis} given to {@link #startRoom}, by the injected clock at each packet's arrival.
 * Captions go to the room's listener on a recognition thread, and into the round's {@link
 * TranscriptWriter}. Labels ({@link #label}) come from signaling, which knows display names.
 */
public final class LiveTranscription implements PacketTap, AutoCloseable {
  private final TranscriptionService service;
  private final Clock clock;
  private final Map<String, LiveRoom> rooms = new ConcurrentHashMap<>();
  private final boolean preferEnhanced;

  public LiveTranscription(TranscriptionService service, Clock clock) {
    this.service = service;
    this.clock = clock;
    this.preferEnhanced = service.config().cartVoiceEnhanced();
  }

  /** What a started room offers signaling: its transcriber (availability) and round start. */
  public record RoomHandle(Transcriber transcriber, long startedMillis) {}

  /**
   * Starts transcribing {@code room} (idempotent: a room already started keeps its round). Never
   * blocks; the engine loads in the background (see {@link Transcriber#availability()}).
   */
  public RoomHandle startRoom(String room, String hospital, long startedMillis, CaptionListener captions) {
    LiveRoom r = rooms.computeIfAbsent(room, id -> new LiveRoom(service.forRoom(hospital, id), startedMillis, captions));
    return new RoomHandle(r.transcriber, r.startedMillis);
  }

  /**
   * The room's hospital became known (from the cart's profile): later speakers use the engine and
   * model configured for it. Speakers already being transcribed keep theirs. Returns the room's
   * handle now, or null if the room is not being transcribed.
   */
  public RoomHandle useHospital(String room, String hospital) {
    LiveRoom r = rooms.get(room);
    if (r == null) {
      return null;
    }
    r.transcriber = service.forRoom(hospital, room);
    return new RoomHandle(r.transcriber, r.startedMillis);
  }

  /** Whether {@code room} is being transcribed. */
  public boolean transcribing(String room) {
    return rooms.containsKey(room);
  }

  /** The label shown with a participant's captions (a display name); used by streams opened later. */
  public void label(String room, String participantId, String label) {
    LiveRoom r = rooms.get(room);
    if (r != null && label != null) {
      r.labels.put(participantId, label);
    }
  }

  /**
   * Stops transcribing {@code room}: every feed is closed, and the future completes with the
   * round's transcript once the open utterances have their finals (or after 10 s). Null if the
   * room was not being transcribed.
   */
  public CompletableFuture<TranscriptWriter> endRoom(String room) {
    LiveRoom r = rooms.remove(room);
    if (r == null) {
      return null;
    }
    List<CompletableFuture<Void>> closing = r.closeAll();
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, 10, TimeUnit.SECONDS)
        .handle((v, t) -> r.transcript);
  }

  /** Packets waiting in every feed's hand-off queue (tests pace their senders with it). */
  int queuedPackets() {
    return rooms.values().stream().flatMap(r -> r.feeds.values().stream()).mapToInt(SpeakerFeed::queued).sum();
  }

  /** Speech only: video packets are not read. */
  @Override
  public boolean wantsVideo() { return false; }

  @Override
  public void onRtp(TrackInfo track, byte[] b, int off, int len, long arrivalNanos) {
    if (!"audio".equals(track.kind())) {
      return;
    }
    LiveRoom r = rooms.get(track.roomId());
    if (r != null) {
      r.onRtp(track, b, off, len);
    }
  }

  @Override
  public void onTrackEnded(TrackInfo track) {
    LiveRoom r = rooms.get(track.roomId());
    if (r != null) {
      r.trackEnded(track);
    }
  }

  /** Ends every room (finals are emitted, waiting up to 10 s in all). The service is the caller's. */
  @Override
  public void close() {
    List<CompletableFuture<TranscriptWriter>> ending = rooms.keySet().stream().map(this::endRoom)
        .filter(java.util.Objects::nonNull).toList();
    try {
      CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // timed out: the transcripts stay partial
    }
  }

  /** One transcribed room. Feeds are created on the media loop and closed from any thread. */
  private final class LiveRoom {
    volatile Transcriber transcriber;
    final long startedMillis;
    final CaptionListener captions;
    final TranscriptWriter transcript = new TranscriptWriter();
    final Map<String, SpeakerFeed> feeds = new ConcurrentHashMap<>();
    final Map<String, String> labels = new ConcurrentHashMap<>();
    final Set<String> enhancedCarts = ConcurrentHashMap.newKeySet();
    volatile boolean ended;

    LiveRoom(Transcriber transcriber, long startedMillis, CaptionListener captions) {
      this.transcriber = transcriber;
      this.startedMillis = startedMillis;
      this.captions = captions;
    }

    void onRtp(TrackInfo t, byte[] b, int off, int len) {
      switch (t.role()) {
        case MIC_PATIENT -> {
          if (enhancedCarts.contains(t.participantId())) {
            return; // the cart's enhanced voice is transcribed instead
          }
        }
        case VOICE_ENHANCED -> {
          if (!preferEnhanced) {
            return; // cart-voice = raw
          }
          if (enhancedCarts.add(t.participantId())) {
            closeFeeds(t.participantId(), TrackRole.MIC_PATIENT);
          }
        }
        case MIC_PARTICIPANT -> { }
        default -> {
          return; // mic:room, the stethoscope: never transcribed
        }
      }
      if (!"opus".equalsIgnoreCase(t.codec())) {
        return;
      }
      SpeakerFeed f = feeds.get(t.trackId());
      if (f == null) {
        Transcriber now = transcriber;
        if (!now.isActive()) {
          return;
        }
        f = open(t, now);
        if (f == null) {
          return;
        }
      }
      f.offer(b, off, len, clock.millis() - startedMillis);
    }

    private SpeakerFeed open(TrackInfo t, Transcriber with) {
      String label = labels.getOrDefault(t.participantId(), t.participantId());
      Speaker speaker = new Speaker(t.participantId(), t.role().wireName(), label);
      TranscriptionStream s = with.open(speaker, c -> {
        transcript.onCaption(c);
        captions.onCaption(c);
      });
      SpeakerFeed f = new SpeakerFeed(s, with.executor(), service.metrics(), service.config().queueChunks());
      feeds.put(t.trackId(), f);
      if (ended) { // raced with endRoom
        feeds.remove(t.trackId());
        f.close();
        return null;
      }
      return f;
    }

    void trackEnded(TrackInfo t) {
      SpeakerFeed f = feeds.remove(t.trackId());
      if (f != null) {
        f.close();
      }
      if (t.role() == TrackRole.VOICE_ENHANCED) {
        enhancedCarts.remove(t.participantId()); // back to the cart's mic:patient
      }
    }

    private void closeFeeds(String participantId, TrackRole role) {
      feeds.entrySet().removeIf(e -> {
        Speaker s = e.getValue().stream().speaker();
        if (s.participantId().equals(participantId) && s.role().equals(role.wireName())) {
          e.getValue().close();
          return true;
        }
        return false;
      });
    }

    List<CompletableFuture<Void>> closeAll() {
      ended = true;
      List<SpeakerFeed> open = List.copyOf(feeds.values());
      feeds.clear();
      open.forEach(SpeakerFeed::close);
      return open.stream().map(f -> f.stream().closed()).toList();
    }
  }
}
