package org.telerounds.media.sfu;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.node.Node;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtcp.RtcpWriter;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * One track a participant publishes: its negotiated codec and SSRCs, and the chain of nodes its
 * packets take ({@link ReceiveNodes}: receive statistics, pause, NACK tracking, cache, taps, feed,
 * fan-out to the legs that forward it to subscribers). Runs on the media event loop. A server-made
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
  private final UpstreamNacker nacker;
  // the receive chain: [rtx-restore ->] receive-stats -> pause -> [upstream-nack -> packet-cache ->] taps
  // -> enhancer-feed -> fan-out (ReceiveNodes)
  private final PacketInfo envelope = new PacketInfo();
  private final ReceiveNodes.RtxRestore rtxRestore;
  private final ReceiveNodes.Stats statsNode;
  private final ReceiveNodes.Pause pause;
  private final ReceiveNodes.Feed feedNode;
  private final List<Node> nodes = new ArrayList<>();
  private long mediaSsrc = -1;
  private long rtxSsrc = -1;
  private long lastSrNtp;
  private long lastSrRtp;
  private boolean hasSr;

  PublishedTrack(TrackInfo info, String mid, RtpCodec codec, RtpCodec rtx, Map<Integer, String> forwardedExtmaps,
      WebRtcTransport transport, int cacheSize, long keyframeIntervalMillis, MediaMetrics metrics, NodeStats nodeStats,
      Clock clock, List<PacketTap> taps) {
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
    this.nacker = cache != null && rtx != null ? new UpstreamNacker(5, 40) : null;
    this.rtxRestore = add(new ReceiveNodes.RtxRestore(nodeStats, this, metrics));
    this.statsNode = add(new ReceiveNodes.Stats(nodeStats));
    this.pause = add(new ReceiveNodes.Pause(nodeStats));
    Node last = rtxRestore.then(statsNode).then(pause);
    if (nacker != null) last = last.then(add(new ReceiveNodes.UpstreamNack(nodeStats, nacker, this::sendNacks)));
    if (cache != null) last = last.then(add(new ReceiveNodes.Cache(nodeStats, cache)));
    this.feedNode = add(new ReceiveNodes.Feed(nodeStats, info));
    last.then(add(new ReceiveNodes.Taps(nodeStats, info, taps))).then(feedNode)
        .then(add(new ReceiveNodes.FanOut(nodeStats, downTracks)));
  }

  private <T extends Node> T add(T n) {
    nodes.add(n);
    return n;
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
      statsNode.reset(media, codec);
    }
    this.rtxSsrc = rtxSsrc;
  }

  /**
   * Sets (or with null clears) the one in-server consumer of this track's packets, such as the
   * cart's enhancer. It sees what taps see, after them, and must copy what it keeps.
   */
  void setFeed(PacketTap feed) { feedNode.feed(feed); }

  PacketTap feed() { return feedNode.feed(); }

  /** True for a track the server makes itself (no publisher transport). */
  boolean isServerMade() { return transport == null; }

  void addDownTrack(DownTrack d) { downTracks.add(d); }

  /** The leg is gone (its subscriber dropped it or left): it stops and its nodes close. */
  void removeDownTrack(DownTrack d) {
    downTracks.remove(d);
    d.close();
  }
  List<DownTrack> downTracks() { return downTracks; }

  /**
   * A decrypted packet from the publisher, borrowed for the call: through the receive chain
   * (stats, pause, NACK tracking, cache, taps, feed) to every leg.
   */
  void onRtp(byte[] b, int off, int len, long arrivalNanos) {
    statsNode.accept(envelope.set(b, off, len, arrivalNanos));
  }

  /**
   * An RTX packet from the publisher (RFC 4588): restored in place to the original packet, which
   * then takes the same chain. Padding-only RTX (bandwidth probes) is dropped.
   */
  void onRtx(byte[] b, int off, int len, long arrivalNanos) {
    rtxRestore.accept(envelope.set(b, off, len, arrivalNanos));
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
    ReceiveStats stats = statsNode.stats();
    if (stats != null) stats.onSenderReport(ntp, clock.millis());
  }

  boolean hasSenderReport() { return hasSr; }
  long lastSrNtp() { return lastSrNtp; }
  long lastSrRtp() { return lastSrRtp; }
  ReceiveStats stats() { return statsNode.stats(); }

  /** What the publisher sends on this track over the last second ending at {@code nowNanos}. */
  long bitrateBps(long nowNanos) { return statsNode.bitrateBps(nowNanos); }

  /**
   * Stops (privacy mode, mute) or resumes forwarding. Paused packets reach no subscriber, tap or
   * cache; on resume each video leg waits for a keyframe (asking for one), then continues its
   * sequence from there.
   */
  void setPaused(boolean paused) {
    if (paused == pause.paused()) return;
    pause.paused(paused);
    if (!paused) {
      downTracks.forEach(DownTrack::resyncAfterPause);
      requestKeyframe();
    }
  }

  public boolean isPaused() { return pause.paused(); }

  /** The track is gone: its nodes hand their counts to the totals. */
  void close() {
    nodes.forEach(Node::close);
    downTracks.forEach(DownTrack::close); // legs still attached end with the track
  }

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
