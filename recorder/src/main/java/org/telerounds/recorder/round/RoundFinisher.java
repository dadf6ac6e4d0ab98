package org.telerounds.recorder.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.ffmpeg.Ffmpeg;
import org.telerounds.recorder.ffmpeg.FfmpegLocator;
import org.telerounds.recorder.store.ContentTypes;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.PrivateFiles;
import org.telerounds.recorder.store.Sha256;
import org.telerounds.recorder.store.StoreException;
import org.telerounds.recorder.store.Uploader;

/**
 * Finishes a round from what reached the object store: each track's segments joined and remuxed
 * into a playable file, a composite (cameras side by side, audio mixed), every output checked by
 * ffmpeg, and {@code manifest.json} listing each object's size and SHA-256 and each track's gaps.
 * The status is {@code complete}, {@code complete-with-gaps} when any track has a gap, or
 * {@code incomplete} for a round whose process died, which the same code finishes from
 * {@code round.json}, the listed segments and the spooled transcript parts. Work files live in a
 * fresh owner-only directory (0700, files 0600) deleted afterwards.
 */
public final class RoundFinisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("recorder");
  private final ObjectStore store;
  private final Uploader uploader;
  private final Path workDir;
  private final boolean composite;
  private final Duration timeout;
  private final Clock clock;
  private final FfmpegLocator.Source ffmpegSource;
  private Ffmpeg ffmpeg;

  public RoundFinisher(ObjectStore store, Uploader uploader, Path workDir, boolean composite, Duration timeout,
      FfmpegLocator.Source ffmpegSource, Clock clock) {
    this.ffmpegSource = ffmpegSource;
    this.store = store;
    this.uploader = uploader;
    this.workDir = workDir;
    this.composite = composite;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The manifest's status for a round. */
  public static String status(RoundSummary s, boolean complete) {
    return !complete ? "incomplete" : s.hasGaps() ? "complete-with-gaps" : "complete";
  }

  /** Finishes the round; false if its segments did not reach the store in time (retried at start). */
  public boolean finish(RoundSummary s, boolean complete) throws IOException, StoreException, InterruptedException {
    if (!uploader.awaitUploaded(s.prefix(), timeout)) {
      LOG.warn("round {} not finished: its segments are still waiting for the object store", s.roundId());
      return false;
    }
    if (ffmpeg == null) {
      ffmpeg = new Ffmpeg(FfmpegLocator.locate(ffmpegSource, System.getenv("PATH"), workDir));
      LOG.info("recorder: finishing rounds with {}", ffmpeg.binary().describe());
    }
    Path dir = PrivateFiles.createTempDirectory(workDir, "finish-");
    try {
      ObjectNode m = RoundRecording.JSON.createObjectNode();
      m.put("format", "telerounds-round/1").put("roundId", s.roundId()).put("status", status(s, complete));
      RoundSummary.putInfo(m, s.info());
      long end = s.tracks().stream().mapToLong(RoundSummary.Track::lastMillis).max().orElse(s.startedMillis());
      m.put("startedMillis", s.startedMillis()).put("endedMillis", Math.max(end, s.startedMillis()));
      ArrayNode ps = m.putArray("participants");
      s.participants().forEach(p -> ps.add(RoundSummary.participantJson(p)));
      ArrayNode ts = m.putArray("tracks");
      List<Playable> playable = new ArrayList<>();
      for (RoundSummary.Track t : s.tracks()) {
        Playable p = finishTrack(s, t, dir, ts.addObject());
        if (p != null) playable.add(p);
      }
      m.set("privacy", privacyIntervals(s));
      ArrayNode journal = m.putArray("journal");
      s.journal().forEach(j -> journal.addObject().put("atMillis", j.atMillis()).put("participantId", j.participantId())
          .put("type", j.type()));
      if (composite && playable.stream().anyMatch(p -> p.kind.equals("video"))) {
        m.set("composite", composite(s, playable, dir));
      }
      int recovered = TranscriptParts.complete(store, s.prefix());
      if (recovered > 0) LOG.warn("round {}: transcript rebuilt from its spooled parts ({} captions)", s.roundId(), recovered);
      ArrayNode transcripts = m.putArray("transcripts");
      for (ObjectStore.Entry e : store.list(s.prefix() + "transcripts/")) {
        byte[] bytes = store.get(e.key());
        transcripts.addObject().put("key", e.key()).put("size", bytes.length).put("sha256", Sha256.of(bytes));
      }
      m.put("finishedMillis", clock.millis());
      store.putBytes(s.prefix() + "manifest.json", RoundRecording.JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(m), "application/json");
      return true;
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Removes the unpacked ffmpeg, if one was unpacked. */
  @Override
  public void close() {
    if (ffmpeg != null) ffmpeg.binary().close();
  }

  private record Playable(String kind, String role, Path file, long offsetMillis) {}

  private Playable finishTrack(RoundSummary s, RoundSummary.Track t, Path dir, ObjectNode out)
      throws IOException, StoreException {
    out.put("trackId", t.trackId()).put("participantId", t.participantId()).put("role", t.role())
        .put("kind", t.kind()).put("codec", t.codec());
    if (t.firstMillis() >= 0) out.put("startMillis", t.firstMillis()).put("endMillis", t.lastMillis());
    out.set("gaps", RoundSummary.gapsJson(t.gaps()));
    String segPrefix = s.prefix() + "tracks/" + t.trackId() + "/seg-";
    List<ObjectStore.Entry> segs = store.list(segPrefix);
    ArrayNode segments = out.putArray("segments");
    Path joined = dir.resolve(t.trackId() + "." + t.extension());
    try (OutputStream o = java.nio.channels.Channels.newOutputStream(PrivateFiles.openForWrite(joined))) {
      for (ObjectStore.Entry e : segs) {
        byte[] bytes = store.get(e.key());
        o.write(bytes);
        segments.addObject().put("key", e.key()).put("size", bytes.length).put("sha256", Sha256.of(bytes));
      }
    }
    if (segs.isEmpty()) return null;
    String ext = switch (t.codec().toUpperCase(Locale.ROOT)) {
      case "VP8" -> "webm";
      case "H264" -> "mp4";
      default -> "ogg";
    };
    Path file = PrivateFiles.createFile(dir.resolve(t.trackId() + "-track." + ext)); // ffmpeg -y keeps 0600
    try {
      ffmpeg.run(List.of("-y", "-i", joined.toString(), "-c", "copy", file.toString()), 600);
      Ffmpeg.Probe probe = ffmpeg.probe(file.toString());
      String key = s.prefix() + "tracks/" + t.trackId() + "." + ext;
      store.putFile(key, file, ContentTypes.of(key));
      ObjectNode f = out.putObject("file");
      f.put("key", key).put("size", Files.size(file)).put("sha256", Sha256.of(file)).put("durationMillis", probe.durationMillis());
      f.putArray("streams").addAll(probe.streams().stream().map(RoundRecording.JSON.getNodeFactory()::textNode).toList());
      long offset = t.firstMillis() >= 0 ? Math.max(0, t.firstMillis() - s.startedMillis()) : 0;
      return new Playable(t.kind(), t.role(), file, offset);
    } catch (IOException e) {
      LOG.warn("a {} track of round {} could not be made playable: {}", t.role(), s.roundId(), e.getMessage());
      out.put("problem", "not playable: " + e.getMessage());
      return null;
    }
  }

  /** Room and exam cameras side by side (or whichever videos there are), every audio track mixed. */
  private ObjectNode composite(RoundSummary s, List<Playable> playable, Path dir) throws IOException, StoreException {
    List<Playable> videos = playable.stream().filter(p -> p.kind.equals("video"))
        .sorted(java.util.Comparator.comparingInt(p -> cameraOrder(p.role))).limit(2).toList();
    List<Playable> audios = playable.stream().filter(p -> p.kind.equals("audio")).toList();
    List<String> args = new ArrayList<>(List.of("-y"));
    List<Playable> inputs = new ArrayList<>(videos);
    inputs.addAll(audios);
    for (Playable p : inputs) {
      args.addAll(List.of("-itsoffset", String.format(Locale.ROOT, "%.3f", p.offsetMillis / 1000.0),
          "-i", p.file.toString()));
    }
    StringBuilder fc = new StringBuilder();
    for (int i = 0; i < videos.size(); i++) {
      fc.append('[').append(i).append(":v]scale=-2:480,setsar=1,fps=15[v").append(i).append("];");
    }
    fc.append(videos.size() == 2 ? "[v0][v1]hstack=inputs=2[v]" : "[v0]null[v]");
    if (!audios.isEmpty()) {
      fc.append(';');
      for (int i = 0; i < audios.size(); i++) fc.append('[').append(videos.size() + i).append(":a]");
      fc.append("amix=inputs=").append(audios.size()).append(":duration=longest:normalize=0[a]");
    }
    args.addAll(List.of("-filter_complex", fc.toString(), "-map", "[v]"));
    if (!audios.isEmpty()) args.addAll(List.of("-map", "[a]", "-c:a", "aac", "-b:a", "96k"));
    Path out = PrivateFiles.createFile(dir.resolve("composite.mp4"));
    args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "1",
        "-movflags", "+faststart", out.toString()));
    ffmpeg.run(args, 1800);
    Ffmpeg.Probe probe = ffmpeg.probe(out.toString());
    String key = s.prefix() + "composite.mp4";
    store.putFile(key, out, "video/mp4");
    ObjectNode c = RoundRecording.JSON.createObjectNode();
    c.put("key", key).put("size", Files.size(out)).put("sha256", Sha256.of(out)).put("durationMillis", probe.durationMillis());
    c.putArray("streams").addAll(probe.streams().stream().map(RoundRecording.JSON.getNodeFactory()::textNode).toList());
    ArrayNode from = c.putArray("from");
    inputs.forEach(p -> from.add(p.role));
    return c;
  }

  private static int cameraOrder(String role) {
    return role.equals("camera:room") ? 0 : role.equals("camera:exam") ? 1 : 2;
  }

  /** Privacy intervals per participant from the journal's privacy.on/privacy.off pairs. */
  static ArrayNode privacyIntervals(RoundSummary s) {
    ArrayNode out = RoundRecording.JSON.createArrayNode();
    java.util.Map<String, Long> open = new java.util.HashMap<>();
    for (JournalEntry j : s.journal()) {
      if (j.type().equals("privacy.on")) {
        open.putIfAbsent(j.participantId(), j.atMillis());
      } else if (j.type().equals("privacy.off") && open.containsKey(j.participantId())) {
        out.addObject().put("participantId", j.participantId()).put("fromMillis", open.remove(j.participantId()))
            .put("toMillis", j.atMillis());
      }
    }
    open.forEach((pid, from) -> out.addObject().put("participantId", pid).put("fromMillis", from)
        .putNull("toMillis")); // still on when the round ended
    return out;
  }

  /** A round found in the store with round.json but no manifest: what a crash left behind. */
  public static RoundSummary fromRoundJson(JsonNode r) {
    RoundInfo info = new RoundInfo(r.path("room").asText(), text(r, "cartId"), text(r, "hospital"), text(r, "ward"));
    List<Participant> ps = new ArrayList<>();
    r.path("participants").forEach(p -> ps.add(new Participant(p.path("participantId").asText(),
        p.path("subject").asText(), p.path("role").asText(), p.path("joinedMillis").asLong())));
    List<RoundSummary.Track> ts = new ArrayList<>();
    r.path("tracks").forEach(t -> ts.add(new RoundSummary.Track(t.path("trackId").asText(),
        t.path("participantId").asText(), t.path("role").asText(), t.path("kind").asText(), t.path("codec").asText(),
        t.path("extension").asText(), t.path("startMillis").asLong(-1), t.path("endMillis").asLong(-1), List.of(),
        gaps(t.path("gaps")))));
    List<JournalEntry> js = new ArrayList<>();
    r.path("journal").forEach(j -> js.add(new JournalEntry(j.path("atMillis").asLong(), j.path("participantId").asText(),
        j.path("type").asText())));
    return new RoundSummary(r.path("roundId").asText(), info, r.path("startedMillis").asLong(), ps, ts, js);
  }

  private static List<Gap> gaps(JsonNode a) {
    List<Gap> gs = new ArrayList<>();
    a.forEach(g -> gs.add(new Gap(g.path("startMillis").asLong(), g.path("endMillis").asLong(), g.path("cause").asText())));
    return gs;
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }
}
