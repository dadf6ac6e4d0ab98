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
 * segment being written. Confined to the recorder's writer thread.
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
  private boolean failed;

  TrackRecording(TrackInfo info, String roundPrefix, Spool spool, Uploader uploader, RecorderMetrics metrics,
      long segmentNanos, WallClock wall) {
    this.info = info;
    this.prefix = roundPrefix + "tracks/" + info.trackId() + "/";
    this.spool = spool;
    this.uploader = uploader;
    this.metrics = metrics;
    this.segmentNanos = segmentNanos;
    this.wall = wall;
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

  /** Releases late packets and closes a segment that has run its length. */
  void tick(long nowNanos) {
    reorder.drain(nowNanos, o -> write(o.packet(), o.arrivalNanos(), o.contiguous()));
    if (current != null && current.size() > 0 && nowNanos - segmentStartNanos >= segmentNanos) closeSegment();
  }

  /** Writes out everything and closes the last segment. */
  void finish() {
    reorder.flush(o -> write(o.packet(), o.arrivalNanos(), o.contiguous()));
    if (current != null) closeSegment();
  }

  List<Segment> segments() {
    return List.copyOf(segments);
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
    if (failed) return;
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
      failed = true;
      metrics.writeFailed();
      LOG.error("recording of a {} track stopped: cannot write its segment: {}", info.role().wireName(), e.getMessage());
      if (current != null) current.abandon();
    }
  }

  private void append(byte[] b, int off, int len, long ts, boolean keyframe, long arrivalNanos) throws IOException {
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
    current = null;
    try {
      if (s.size() == 0) {
        s.abandon();
        Files.deleteIfExists(s.path());
        return;
      }
      String sha = s.finish();
      long start = wall.millisAt(segmentStartNanos);
      Segment seg = new Segment(currentKey, s.size(), sha, start, Math.max(start, lastMillis()));
      if (spool.commit(s.path(), currentKey)) {
        segments.add(seg);
        uploader.submit(currentKey);
        metrics.segmentWritten(s.size());
      } else {
        metrics.segmentDropped();
        LOG.error("recording spool is full: a {} segment was dropped", info.role().wireName());
      }
    } catch (IOException e) {
      metrics.writeFailed();
      LOG.error("cannot finish a {} segment: {}", info.role().wireName(), e.getMessage());
      try {
        Files.deleteIfExists(s.path());
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }
}
