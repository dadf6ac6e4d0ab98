package org.telerounds.recorder.round;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.recorder.RecorderMetrics;
import org.telerounds.recorder.store.Spool;
import org.telerounds.recorder.store.Uploader;
import org.telerounds.recorder.write.Depacketizer;
import org.telerounds.recorder.write.IvfWriter;
import org.telerounds.recorder.write.MediaWriter;
import org.telerounds.recorder.write.OggOpusWriter;

/**
 * Records one track as numbered segments of about {@code segmentNanos} each: packets back in
 * order, frames rebuilt, written into one container stream cut between frames. Each finished
 * segment is synced, committed to the spool and queued for upload, so a crash loses at most the
 * segment being written. A failed write (disk full, no file descriptor, I/O error) or a full spool
 * loses the segment being written and opens a {@link Gap}; writing is tried again on a new segment
 * after {@code retryNanos}, and the track goes on from there ({@link TrackGaps}). Confined to the
 * recorder's writer thread.
 */
final class TrackRecording {
  private static final Logger LOG = LoggerFactory.getLogger("recorder");
  private final TrackInfo info;
  private final String prefix;
  private final String extension;
  private final Spool spool;
  private final Uploader uploader;
  private final RecorderMetrics metrics;
  private final long segmentNanos;
  private final ReorderBuffer reorder = new ReorderBuffer(200_000_000L, 256);
  private final Depacketizer depacketizer;
  private final MediaWriter writer;
  private final List<Segment> segments = new ArrayList<>();
  private final WallClock wall;
  private static final long MAX_BACKLOG_NANOS = 10_000_000_000L;
  private long mediaStartNanos;
  private long lastTs32;
  private long mediaTs; // RTP time since the first frame, unwrapped
  private SegmentFile current;
  private String currentKey;
  private long segmentStartNanos;
  private long firstNanos = -1;
  private long lastNanos = -1;
  private long lastSeenNanos = -1;
  private long keptEndMillis = -1;
  private boolean changed;
  private final TrackGaps gaps;

  TrackRecording(TrackInfo info, String roundPrefix, Spool spool, Uploader uploader, RecorderMetrics metrics,
      long segmentNanos, long retryNanos, WallClock wall) {
    this.info = info;
    this.prefix = roundPrefix + "tracks/" + info.trackId() + "/";
    this.spool = spool;
    this.uploader = uploader;
    this.metrics = metrics;
    this.segmentNanos = segmentNanos;
    this.wall = wall;
    this.gaps = new TrackGaps(retryNanos, wall);
    if (info.kind().equals("audio")) {
      this.extension = "ogg";
      this.depacketizer = null;
      this.writer = new OggOpusWriter(info.trackId().hashCode());
    } else {
      this.extension = "ivf";
      this.depacketizer = Depacketizer.forCodec(info.codec());
      this.writer = new IvfWriter(info.codec().equalsIgnoreCase("H264") ? "H264" : "VP80");
    }
  }

  /** Whether this codec can be recorded (Opus, VP8, H.264). */
  static boolean supports(TrackInfo info) {
    return info.codec().equalsIgnoreCase("opus") || info.codec().equalsIgnoreCase("VP8")
        || info.codec().equalsIgnoreCase("H264");
  }

  TrackInfo info() {
    return info;
  }

  String extension() {
    return extension;
  }

  void onPacket(byte[] packet, long arrivalNanos) {
    reorder.add(packet, arrivalNanos, o -> write(o.packet(), o.arrivalNanos(), o.contiguous()));
  }

  /**
   * Packets of this track from {@code fromNanos} on were dropped before they reached the writer
   * ({@code why}, e.g. its queue was full): a gap, which ends at the next frame that can start a
   * stream (a keyframe for video). The reorder buffer is flushed first, so what arrived before the
   * loss is written before the gap begins.
   */
  void missed(long fromNanos, long packets, String why) {
    reorder.restartAfterLoss(o -> write(o.packet(), o.arrivalNanos(), o.contiguous()));
    if (gaps.missed(fromNanos, why)) {
      metrics.gapOpened();
      changed = true;
      LOG.error("recording of a {} track has a gap: {} ({} packets lost); it resumes at the next {}",
          info.role().wireName(), why, packets, depacketizer == null ? "packet" : "keyframe");
    }
  }

  /** Releases late packets and closes a segment that has run its length. */
  void tick(long nowNanos) {
    reorder.drain(nowNanos, o -> write(o.packet(), o.arrivalNanos(), o.contiguous()));
    if (current != null && current.size() > 0 && nowNanos - segmentStartNanos >= segmentNanos) closeSegment();
  }

  /** Writes out everything and closes the last segment; a gap still open ends here. */
  void finish() {
    reorder.flush(o -> write(o.packet(), o.arrivalNanos(), o.contiguous()));
    if (current != null) closeSegment();
    Gap g = gaps.trackEnded(lastSeenNanos);
    if (g != null) {
      changed = true;
      LOG.error("recording of a {} track ended inside a gap of {} ms ({})", info.role().wireName(),
          g.endMillis() - g.startMillis(), g.cause());
    }
  }

  List<Segment> segments() {
    return List.copyOf(segments);
  }

  /** The gaps so far (an open one up to the last packet seen). */
  List<Gap> gaps() {
    return gaps.gapsSoFar(lastSeenNanos);
  }

  /** Wall-clock ms where the last segment kept in the spool ends (-1: none yet). */
  long keptEndMillis() {
    return keptEndMillis;
  }

  /** Whether segments or gaps changed since the last call (for round.json). */
  boolean takeChanged() {
    boolean c = changed;
    changed = false;
    return c;
  }

  /**
   * Wall-clock milliseconds when the track's media began, or -1 before any packet. Not simply the
   * first arrival: a browser queues what it captures until its transport is up and then sends the
   * backlog at once, so the media is placed by its RTP timestamps, at the earliest arrival minus
   * the media time before it (the least-delayed packet). At most {@link #MAX_BACKLOG_NANOS} earlier.
   */
  long firstMillis() {
    return firstNanos < 0 ? -1 : wall.millisAt(Math.max(mediaStartNanos, firstNanos - MAX_BACKLOG_NANOS));
  }

  long lastMillis() {
    return lastNanos < 0 ? -1 : wall.millisAt(lastNanos);
  }

  private void write(byte[] p, long arrivalNanos, boolean contiguous) {
    lastSeenNanos = Math.max(lastSeenNanos, arrivalNanos);
    int hdr = RtpHeader.headerLength(p, 0, p.length);
    int end = p.length - RtpHeader.paddingLength(p, 0, p.length);
    if (hdr < 0 || end <= hdr) return;
    long ts = RtpHeader.timestamp(p, 0, p.length);
    try {
      if (depacketizer == null) {
        append(p, hdr, end - hdr, ts, true, arrivalNanos);
      } else {
        Depacketizer.Frame f = depacketizer.add(p, hdr, end - hdr, ts, RtpHeader.marker(p, 0, p.length), contiguous);
        if (f != null) append(f.data(), 0, f.data().length, ts, f.keyframe(), arrivalNanos);
      }
    } catch (IOException | UncheckedIOException e) {
      lose(WriteFault.cause(e), arrivalNanos);
    }
  }

  /**
   * The segment being written (if any) is lost: it is dropped, a gap opens (or goes on) and the
   * next try waits. When nothing was kept yet, the stream's headers were lost with it: the writer
   * starts over.
   */
  private void lose(String cause, long nowNanos) {
    long lostFrom = current != null ? segmentStartNanos : nowNanos;
    if (current != null) {
      current.abandon();
      deleteQuietly(current.path());
      current = null;
    }
    if (segments.isEmpty()) {
      writer.restart();
      firstNanos = -1;
      mediaTs = 0;
    }
    metrics.writeFailed();
    changed = true;
    if (gaps.failed(lostFrom, cause, nowNanos)) {
      metrics.gapOpened();
      LOG.error("recording of a {} track has a gap: {}; writing is tried again on a new segment",
          info.role().wireName(), cause);
    }
  }

  private static void deleteQuietly(java.nio.file.Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // the spool's recovery deletes leftover .part files at the next start
    }
  }

  private void append(byte[] b, int off, int len, long ts, boolean keyframe, long arrivalNanos) throws IOException {
    int gapsBefore = gaps.closedCount();
    boolean accepted = gaps.accepts(arrivalNanos, keyframe);
    if (gaps.closedCount() != gapsBefore) {
      changed = true;
      Gap g = gaps.gaps().get(gapsBefore);
      LOG.warn("recording of a {} track resumed after a gap of {} ms ({})", info.role().wireName(),
          g.endMillis() - g.startMillis(), g.cause());
    }
    if (!accepted) return; // inside a gap: lost
    if (current == null) openSegment(arrivalNanos);
    writer.write(b, off, len, ts, keyframe);
    if (firstNanos < 0) {
      firstNanos = arrivalNanos;
      mediaStartNanos = arrivalNanos;
      lastTs32 = ts;
    } else {
      mediaTs += (int) (ts - lastTs32); // signed 32-bit step: survives wrap-around
      lastTs32 = ts;
      long elapsedNanos = mediaTs * 1_000_000_000L / info.clockRate();
      mediaStartNanos = Math.min(mediaStartNanos, arrivalNanos - elapsedNanos);
    }
    lastNanos = arrivalNanos;
  }

  private void openSegment(long nowNanos) throws IOException {
    currentKey = prefix + String.format("seg-%05d.%s", segments.size(), extension);
    current = new SegmentFile(spool.partFor(currentKey));
    writer.switchTo(current);
    segmentStartNanos = nowNanos;
  }

  private void closeSegment() {
    SegmentFile s = current;
    if (s.size() == 0) {
      current = null;
      s.abandon();
      deleteQuietly(s.path());
      return;
    }
    String sha;
    boolean kept;
    try {
      sha = s.finish();
      kept = spool.commit(s.path(), currentKey);
    } catch (IOException | UncheckedIOException e) {
      lose(WriteFault.cause(e), lastSeenNanos);
      return;
    }
    if (!kept) {
      metrics.segmentDropped();
      lose("spool-full", lastSeenNanos);
      return;
    }
    current = null;
    long start = wall.millisAt(segmentStartNanos);
    keptEndMillis = Math.max(start, lastMillis());
    segments.add(new Segment(currentKey, s.size(), sha, start, keptEndMillis));
    uploader.submit(currentKey);
    metrics.segmentWritten(s.size());
    changed = true;
    Gap g = gaps.segmentKept();
    if (g != null) {
      LOG.warn("recording of a {} track resumed after a gap of {} ms ({})", info.role().wireName(),
          g.endMillis() - g.startMillis(), g.cause());
    }
  }
}
