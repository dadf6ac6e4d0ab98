package org.telerounds.recorder.round;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.recorder.RecorderMetrics;
import org.telerounds.recorder.store.Spool;
import org.telerounds.recorder.store.Uploader;

/**
 * One round being recorded: its tracks and participants, and {@code round.json}, rewritten as they
 * change, so that after a crash the round can be found and finished from what reached the store.
 * round.json also carries each track's times up to its last kept segment and its gaps (rewritten
 * at most once a second while they change), so a crashed round keeps its true length; final
 * captions are spooled as they come ({@link TranscriptSpool}). Confined to the recorder's writer
 * thread.
 */
public final class RoundRecording {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger("recorder");
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private final String roundId;
  private final String prefix;
  private final long startedMillis;
  private final Spool spool;
  private final Uploader uploader;
  private final RecorderMetrics metrics;
  private final long segmentNanos;
  private final long retryNanos;
  private final WallClock wall;
  private final TranscriptSpool transcript;
  private long lastProgressNanos;
  private long lastTranscriptNanos;
  private boolean progressPending;
  private final Map<String, TrackRecording> tracks = new LinkedHashMap<>();
  private final List<TrackInfo> ended = new ArrayList<>();
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private final List<JournalEntry> journal = new ArrayList<>();
  private RoundInfo info;

  public RoundRecording(RoundInfo info, Clock clock, long nowNanos, Spool spool, Uploader uploader,
      RecorderMetrics metrics, long segmentNanos, long retryNanos) {
    this.info = info;
    this.startedMillis = clock.millis();
    this.roundId = ID_TIME.format(Instant.ofEpochMilli(startedMillis)) + "-" + safe(info.room()) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    this.prefix = "rounds/" + roundId + "/";
    this.spool = spool;
    this.uploader = uploader;
    this.metrics = metrics;
    this.segmentNanos = segmentNanos;
    this.retryNanos = retryNanos;
    this.wall = new WallClock(clock, nowNanos);
    this.transcript = new TranscriptSpool(prefix, info.room(), uploader, metrics);
    this.lastProgressNanos = nowNanos;
    this.lastTranscriptNanos = nowNanos;
    writeRoundJson();
  }

  static String safe(String room) {
    String s = room.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  public long startedMillis() {
    return startedMillis;
  }

  public String roundId() {
    return roundId;
  }

  public String prefix() {
    return prefix;
  }

  public void update(RoundInfo newer) {
    this.info = newer;
    writeRoundJson();
  }

  public void participant(Participant p) {
    participants.putIfAbsent(p.participantId(), p);
    writeRoundJson();
  }

  /** An event for the round's record (privacy on/off); kept in round.json at once. */
  public void journal(JournalEntry e) {
    journal.add(e);
    writeRoundJson();
  }

  /** A packet of a track of this round (the copy is owned by the recording from now on). */
  public void onPacket(TrackInfo t, byte[] packet, long arrivalNanos) {
    TrackRecording r = track(t);
    if (r != null) r.onPacket(packet, arrivalNanos);
  }

  /**
   * {@code packets} packets of a track, from {@code fromNanos} on, never reached the recording
   * ({@code why}): the track gets a gap, which ends at its next frame that can start a stream.
   */
  public void missed(TrackInfo t, long fromNanos, long packets, String why) {
    TrackRecording r = track(t);
    if (r != null) r.missed(fromNanos, packets, why);
  }

  private TrackRecording track(TrackInfo t) {
    TrackRecording r = tracks.get(t.trackId());
    if (r == null) {
      if (!TrackRecording.supports(t)) return null;
      r = new TrackRecording(t, prefix, spool, uploader, metrics, segmentNanos, retryNanos, wall);
      tracks.put(t.trackId(), r);
      writeRoundJson();
    }
    return r;
  }

  /** A file for the round (e.g. {@code transcripts/transcript.vtt}), uploaded through the spool. */
  public void attach(String name, byte[] bytes) {
    try {
      uploader.replace(prefix + name, bytes);
    } catch (IOException e) {
      metrics.writeFailed();
      LOG.error("cannot store an attachment of a round: {}", e.getMessage());
    }
  }

  /** A live caption (finals are kept) on the transcript clock whose zero is {@code startedMillis}. */
  public void caption(long startedMillis, org.telerounds.media.transcribe.Caption c) {
    transcript.add(startedMillis, c);
  }

  public void trackEnded(TrackInfo t) {
    TrackRecording r = tracks.get(t.trackId());
    if (r != null) {
      r.finish();
      ended.add(t);
    }
  }

  /** Closes segments that ran their length; writes round.json and transcript parts when due. */
  public void tick(long nowNanos) {
    for (TrackRecording r : tracks.values()) {
      r.tick(nowNanos);
      progressPending |= r.takeChanged();
    }
    if (progressPending && nowNanos - lastProgressNanos >= 1_000_000_000L) {
      lastProgressNanos = nowNanos;
      progressPending = false;
      writeRoundJson();
    }
    if (transcript.hasPending() && nowNanos - lastTranscriptNanos >= segmentNanos) {
      lastTranscriptNanos = nowNanos;
      transcript.flush();
    }
  }

  /** Closes every track's last segment; returns what the finisher needs. */
  public RoundSummary finish() {
    for (TrackRecording r : tracks.values()) {
      if (!ended.contains(r.info())) r.finish();
    }
    transcript.flush();
    writeRoundJson();
    List<RoundSummary.Track> ts = new ArrayList<>();
    for (TrackRecording r : tracks.values()) {
      ts.add(new RoundSummary.Track(r.info().trackId(), r.info().participantId(), r.info().role().wireName(),
          r.info().kind(), r.info().codec(), r.extension(), r.firstMillis(), r.lastMillis(), r.segments(),
          r.gaps()));
    }
    return new RoundSummary(roundId, info, startedMillis, List.copyOf(participants.values()), ts, List.copyOf(journal));
  }

  private void writeRoundJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("roundId", roundId).put("status", "recording").put("startedMillis", startedMillis);
    RoundSummary.putInfo(o, info);
    ArrayNode ps = o.putArray("participants");
    participants.values().forEach(p -> ps.add(RoundSummary.participantJson(p)));
    ArrayNode js = o.putArray("journal");
    journal.forEach(j -> js.addObject().put("atMillis", j.atMillis()).put("participantId", j.participantId())
        .put("type", j.type()));
    ArrayNode ts = o.putArray("tracks");
    for (TrackRecording r : tracks.values()) {
      ObjectNode t = ts.addObject().put("trackId", r.info().trackId()).put("participantId", r.info().participantId())
          .put("role", r.info().role().wireName()).put("kind", r.info().kind()).put("codec", r.info().codec())
          .put("extension", r.extension());
      if (r.keptEndMillis() >= 0) t.put("startMillis", r.firstMillis()).put("endMillis", r.keptEndMillis());
      t.set("gaps", RoundSummary.gapsJson(r.gaps()));
    }
    try {
      uploader.replace(prefix + "round.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    } catch (IOException e) {
      metrics.writeFailed();
      LOG.error("cannot write round.json of a round: {}", e.getMessage());
    }
  }
}
