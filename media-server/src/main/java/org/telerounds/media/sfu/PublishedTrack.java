package org.telerounds.media.sfu;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.rtcp.RtcpWriter;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * One track a participant publishes: its negotiated codec and SSRCs, receive statistics, the NACK
 * cache and the legs that forward it to subscribers. Runs on the media event loop. A server-made
 * track (e.g. {@code voice:enhanced}) has no transport: its packets come from {@link #onRtp} called
 * by its source on the loop, and it never sends RTCP upstream.
 */
public final class PublishedTrack {
  private final TrackInfo info;
  private final String mid;
  private final RtpCodec codec;
  private final RtpCodec rtx;
  private final Map<Integer, String> forwardedExtmaps;
  private final WebRtcTransport transport;
  private final List<DownTrack> downTracks = new ArrayList<>();
  private final PacketCache cache;
  private final KeyframeThrottle keyframes;
  private final KeyframeDetector keyframeDetector;
  private final MediaMetrics metrics;
  private final Clock clock;
  private final List<PacketTap> taps;
  private final UpstreamNacker nacker;
  private PacketTap feed;
  private long mediaSsrc = -1;
  private long rtxSsrc = -1;
  private ReceiveStats stats;
  private long lastSrNtp;
  private long lastSrRtp;
  private boolean hasSr;
  private boolean paused;

  PublishedTrack(TrackInfo info, String mid, RtpCodec codec, RtpCodec rtx, Map<Integer, String> forwardedExtmaps,
      WebRtcTransport transport, int cacheSize, long keyframeIntervalMillis, MediaMetrics metrics, Clock clock,
      List<PacketTap> taps) {
    this.info = info;
    this.mid = mid;
    this.codec = codec;
    this.rtx = rtx;
    this.forwardedExtmaps = Map.copyOf(forwardedExtmaps);
    this.transport = transport;
    this.cache = info.kind().equals("video") ? new PacketCache(cacheSize) : null;
    this.keyframes = new KeyframeThrottle(clock, keyframeIntervalMillis);
    this.keyframeDetector = info.kind().equals("video") ? KeyframeDetector.forCodec(codec.name()).orElse(null) : null;
    this.metrics = metrics;
    this.clock = clock;
    this.taps = taps;
    this.nacker = cache != null && rtx != null ? new UpstreamNacker(5, 40) : null;
  }

  public TrackInfo info() { return info; }
  String mid() { return mid; }
  RtpCodec codec() { return codec; }
  RtpCodec rtxCodec() { return rtx; }
  Map<Integer, String> forwardedExtmaps() { return forwardedExtmaps; }
  long mediaSsrc() { return mediaSsrc; }
  long rtxSsrc() { return rtxSsrc; }
  PacketCache cache() { return cache; }
  /** Where this track's keyframes start; null for audio (its legs are never gated). */
  KeyframeDetector keyframeDetector() { return keyframeDetector; }

  void setSsrcs(long media, long rtxSsrc) {
    if (media != mediaSsrc) {
      this.mediaSsrc = media;
      this.stats = new ReceiveStats(media, codec.clockRate());
    }
    this.rtxSsrc = rtxSsrc;
  }

  /**
   * Sets (or with null clears) the one in-server consumer of this track's packets, such as the
   * cart's enhancer. It sees what taps see, after them, and must copy what it keeps.
   */
  void setFeed(PacketTap feed) { this.feed = feed; }

  PacketTap feed() { return feed; }

  /** True for a track the server makes itself (no publisher transport). */
  boolean isServerMade() { return transport == null; }

  void addDownTrack(DownTrack d) { downTracks.add(d); }
  void removeDownTrack(DownTrack d) { downTracks.remove(d); }
  List<DownTrack> downTracks() { return downTracks; }

  /** A decrypted packet from the publisher: count, cache, tap, then forward to every leg. */
  void onRtp(byte[] b, int off, int len, long arrivalNanos) {
    int seq = RtpHeader.sequenceNumber(b, off, len);
    stats.onPacket(seq, RtpHeader.timestamp(b, off, len), arrivalNanos);
    if (paused) {
      metrics.drop(MediaMetrics.DropReason.PAUSED); // privacy or mute: not cached, tapped or forwarded
      return;
    }
    if (nacker != null) {
      boolean late = nacker.onPacket(seq);
      if (!late && nacker.missingCount() > 0) sendNacks();
    }
    if (cache != null) {
      cache.put(seq, b, off, len);
    }
    for (int i = 0; i < taps.size(); i++) {
      taps.get(i).onRtp(info, b, off, len, arrivalNanos);
    }
    if (feed != null) feed.onRtp(info, b, off, len, arrivalNanos);
    for (int i = 0; i < downTracks.size(); i++) {
      downTracks.get(i).forward(b, off, len);
    }
  }

  /**
   * An RTX packet from the publisher (RFC 4588): restores the original packet in place (sequence
   * number from the OSN, media SSRC and payload type) and handles it like any other. Padding-only
   * RTX (bandwidth probes) is dropped.
   */
  void onRtx(byte[] b, int off, int len, long arrivalNanos) {
    int hdr = RtpHeader.headerLength(b, off, len);
    int payloadEnd = len - RtpHeader.paddingLength(b, off, len);
    if (hdr < 0 || payloadEnd - hdr < 2) {
      metrics.drop(MediaMetrics.DropReason.RTX_UPSTREAM);
      return;
    }
    int osn = (b[off + hdr] & 0xFF) << 8 | (b[off + hdr + 1] & 0xFF);
    if (cache != null && cache.find(osn) >= 0) {
      metrics.drop(MediaMetrics.DropReason.RTX_UPSTREAM); // already have it (e.g. a probe)
      return;
    }
    System.arraycopy(b, off + hdr + 2, b, off + hdr, len - hdr - 2);
    RtpHeader.setSequenceNumber(b, off, osn);
    RtpHeader.setSsrc(b, off, mediaSsrc);
    RtpHeader.setPayloadType(b, off, codec.payloadType());
    metrics.upstreamRecovered();
    onRtp(b, off, len - 2, arrivalNanos);
  }

  /** NACKs the publisher for every missing packet that is due (first time or retry). */
  void sendNacks() {
    if (nacker == null || transport == null || !transport.isConnected()) return;
    List<Integer> due = nacker.due(clock.millis());
    if (due.isEmpty()) return;
    byte[] nack = RtcpWriter.nack(transport.rtcpSsrc(), mediaSsrc, due);
    transport.sendRtcp(nack);
    metrics.upstreamNacks(due.size());
  }

  void onSenderReport(long ntp, long rtpTimestamp) {
    lastSrNtp = ntp;
    lastSrRtp = rtpTimestamp;
    hasSr = true;
    if (stats != null) stats.onSenderReport(ntp, clock.millis());
  }

  boolean hasSenderReport() { return hasSr; }
  long lastSrNtp() { return lastSrNtp; }
  long lastSrRtp() { return lastSrRtp; }
  ReceiveStats stats() { return stats; }

  /**
   * Stops (privacy mode, mute) or resumes forwarding. Paused packets reach no subscriber, tap or
   * cache; on resume each video leg waits for a keyframe (asking for one), then continues its
   * sequence from there.
   */
  void setPaused(boolean pause) {
    if (pause == paused) return;
    paused = pause;
    if (!pause) {
      downTracks.forEach(DownTrack::resyncAfterPause);
      requestKeyframe();
    }
  }

  public boolean isPaused() { return paused; }

  /** Asks the publisher for a keyframe (PLI), at most once per throttle interval. */
  void requestKeyframe() {
    requestKeyframe(false);
  }

  /**
   * Asks the publisher for a keyframe (PLI): throttled, unless {@code exempt} (a leg that just
   * became active and waits for its first keyframe), which goes out and restarts the interval.
   */
  void requestKeyframe(boolean exempt) {
    if (!info.kind().equals("video") || mediaSsrc < 0 || transport == null || !transport.isConnected()
        || !keyframes.allow(exempt)) {
      return;
    }
    byte[] pli = RtcpWriter.pli(transport.rtcpSsrc(), mediaSsrc);
    transport.sendRtcp(pli);
    metrics.keyframeRequest();
  }
}
