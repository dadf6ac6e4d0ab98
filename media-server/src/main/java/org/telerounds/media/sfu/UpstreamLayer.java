package org.telerounds.media.sfu;

import java.time.Clock;
import java.util.List;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.node.Node;
import org.telerounds.media.node.NodeStats;

/**
 * One RTP stream a publisher sends for a track: the whole track without simulcast, or one
 * simulcast layer (one rid). It owns what belongs to one SSRC and its sequence space: the media
 * and RTX SSRCs, the head of its receive chain ({@link ReceiveNodes}: RTX restore, receive stats,
 * pause, upstream NACK and cache), the last sender report and the keyframe-request throttle, so
 * that each layer is NACKed, cached, reported and asked for keyframes on its own. Its chain ends
 * in the track's shared tail (taps, feed, fan-out). Runs on the media event loop.
 */
final class UpstreamLayer {
  private final int index;
  private final String rid;
  private final ReceiveNodes.RtxRestore rtxRestore;
  private final ReceiveNodes.Stats stats;
  private final ReceiveNodes.Pause pause;
  private final PacketCache cache;
  private final UpstreamNacker nacker;
  private final KeyframeThrottle keyframes;
  private long ssrc = -1;
  private long rtxSsrc = -1;
  private long lastSrNtp;
  private long lastSrRtp;
  private boolean hasSr;
  private int frameSize = -1;

  /**
   * Builds the layer's chain into {@code tail}, adding its nodes to {@code nodes}. {@code index}:
   * the layer, lowest resolution 0, or {@link org.telerounds.media.node.PacketInfo#NO_LAYER}
   * without simulcast; {@code rid} null without simulcast.
   */
  UpstreamLayer(int index, String rid, PublishedTrack track, boolean video, int cacheSize, long keyframeIntervalMillis,
      Clock clock, MediaMetrics metrics, NodeStats nodeStats, Node tail, List<Node> nodes, Runnable sendNacks) {
    this.index = index;
    this.rid = rid;
    this.cache = video ? new PacketCache(cacheSize) : null;
    this.nacker = cache != null && track.rtxCodec() != null ? new UpstreamNacker(5, 40) : null;
    this.keyframes = new KeyframeThrottle(clock, keyframeIntervalMillis);
    this.rtxRestore = add(nodes, new ReceiveNodes.RtxRestore(nodeStats, this, track.codec().payloadType(), metrics));
    this.stats = add(nodes, new ReceiveNodes.Stats(nodeStats));
    this.pause = add(nodes, new ReceiveNodes.Pause(nodeStats));
    Node last = rtxRestore.then(stats).then(pause);
    if (nacker != null) last = last.then(add(nodes, new ReceiveNodes.UpstreamNack(nodeStats, nacker, sendNacks)));
    if (cache != null) last = last.then(add(nodes, new ReceiveNodes.Cache(nodeStats, cache)));
    if (video && rid != null) last = last.then(add(nodes, new ReceiveNodes.FrameSizeNode(nodeStats, track.codec().name(), this)));
    last.then(tail);
  }

  private static <T extends Node> T add(List<Node> nodes, T n) {
    nodes.add(n);
    return n;
  }

  int index() { return index; }
  String rid() { return rid; }
  long ssrc() { return ssrc; }
  long rtxSsrc() { return rtxSsrc; }
  PacketCache cache() { return cache; }
  UpstreamNacker nacker() { return nacker; }
  KeyframeThrottle keyframes() { return keyframes; }
  ReceiveStats stats() { return stats.stats(); }
  /** Where the layer's media packets enter. */
  Node mediaHead() { return stats; }
  /** Where the layer's RTX packets enter. */
  Node rtxHead() { return rtxRestore; }

  void ssrcs(long media, long rtx, org.telerounds.media.sdp.RtpCodec codec) {
    if (media != ssrc) {
      ssrc = media;
      stats.reset(media, codec);
    }
    rtxSsrc = rtx;
  }

  void rtxSsrc(long rtx) { rtxSsrc = rtx; }

  long bitrateBps(long nowNanos) { return stats.bitrateBps(nowNanos); }

  /** When its last packet arrived, or {@link Long#MIN_VALUE} before the first. */
  long lastArrivalNanos() { return stats.lastArrivalNanos(); }

  /** The picture size its last keyframe announced ({@link org.telerounds.media.codec.FrameSize}), or -1. */
  int frameSize() { return frameSize; }

  /** Height of that picture in pixels, or 0 before a keyframe told it. */
  int frameHeight() { return frameSize < 0 ? 0 : frameSize & 0xFFFF; }

  void frameSize(int size) { frameSize = size; }

  void paused(boolean p) { pause.paused(p); }

  boolean paused() { return pause.paused(); }

  void onSenderReport(long ntp, long rtpTimestamp, long nowMillis) {
    lastSrNtp = ntp;
    lastSrRtp = rtpTimestamp;
    hasSr = true;
    ReceiveStats s = stats.stats();
    if (s != null) s.onSenderReport(ntp, nowMillis);
  }

  boolean hasSenderReport() { return hasSr; }
  long lastSrNtp() { return lastSrNtp; }
  long lastSrRtp() { return lastSrRtp; }
}
