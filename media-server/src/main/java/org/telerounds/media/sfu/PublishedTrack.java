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
  /** A simulcast layer silent this long while another one sends has stopped ({@link #sendingBps}). */
  static final long LAYER_STOPPED_NANOS = 400_000_000L;
  private final TrackInfo info;
  private final String mid;
  private final RtpCodec codec;
  private final RtpCodec rtx;
  private final Map<Integer, String> forwardedExtmaps;
  private final WebRtcTransport transport;
  private final List<DownTrack> downTracks = new ArrayList<>();
  private LayerPauses pauses; // simulcast: which layers the publisher is asked to send
  private final KeyframeDetector keyframeDetector;
  private final MediaMetrics metrics;
  private final Clock clock;
  // per layer: [rtx-restore ->] receive-stats -> pause -> [upstream-nack -> packet-cache ->], then the
  // shared tail: taps -> enhancer-feed -> fan-out (ReceiveNodes); a simulcast track starts at its demux
  private final PacketInfo envelope = new PacketInfo();
  private final List<UpstreamLayer> layers = new ArrayList<>();
  private final UpstreamLayer single;
  private final ReceiveNodes.LayerDemux demux;
  private final ReceiveNodes.Feed feedNode;
  private final TapLayer tapLayer; // simulcast video: which layer the taps (the recorder) follow
  private final long[] tapBps;
  private final List<Node> nodes = new ArrayList<>();

  PublishedTrack(TrackInfo info, String mid, RtpCodec codec, RtpCodec rtx, Map<Integer, String> forwardedExtmaps,
      WebRtcTransport transport, int cacheSize, long keyframeIntervalMillis, MediaMetrics metrics, NodeStats nodeStats,
      Clock clock, List<PacketTap> taps) {
    this(info, mid, codec, rtx, forwardedExtmaps, transport, cacheSize, keyframeIntervalMillis, metrics, nodeStats, clock,
        taps, List.of(), -1, -1);
  }

  /**
   * With {@code rids} (lowest resolution first; two or three), a simulcast track: one
   * {@link UpstreamLayer} per rid, told apart by the rid and repaired-rid extensions
   * ({@code ridId}, {@code repairedRidId}); the taps see the highest layer being sent ({@link TapLayer}).
   */
  PublishedTrack(TrackInfo info, String mid, RtpCodec codec, RtpCodec rtx, Map<Integer, String> forwardedExtmaps,
      WebRtcTransport transport, int cacheSize, long keyframeIntervalMillis, MediaMetrics metrics, NodeStats nodeStats,
      Clock clock, List<PacketTap> taps, List<String> rids, int ridId, int repairedRidId) {
    this.info = info;
    this.mid = mid;
    this.codec = codec;
    this.rtx = rtx;
    this.forwardedExtmaps = Map.copyOf(forwardedExtmaps);
    this.transport = transport;
    boolean video = info.kind().equals("video");
    this.keyframeDetector = video ? KeyframeDetector.forCodec(codec.name()).orElse(null) : null;
    this.metrics = metrics;
    this.clock = clock;
    this.feedNode = add(new ReceiveNodes.Feed(nodeStats, info));
    ReceiveNodes.Taps tapsNode = add(new ReceiveNodes.Taps(nodeStats, info, taps));
    tapsNode.then(feedNode).then(add(new ReceiveNodes.FanOut(nodeStats, downTracks)));
    if (rids.isEmpty()) {
      layers.add(new UpstreamLayer(PacketInfo.NO_LAYER, null, this, video, cacheSize, keyframeIntervalMillis, clock,
          metrics, nodeStats, tapsNode, nodes, this::sendNacks));
      this.demux = null;
    } else {
      for (int i = 0; i < rids.size(); i++) {
        layers.add(new UpstreamLayer(i, rids.get(i), this, video, cacheSize, keyframeIntervalMillis, clock, metrics,
            nodeStats, tapsNode, nodes, this::sendNacks));
      }
      this.demux = add(new ReceiveNodes.LayerDemux(nodeStats, layers, codec, ridId, repairedRidId));
    }
    this.single = layers.get(0);
    this.tapLayer = rids.isEmpty() || keyframeDetector == null ? null : new TapLayer(rids.size() - 1,
        codec.clockRate(), keyframeDetector, layer -> requestKeyframe(layer, false), new java.security.SecureRandom());
    this.tapBps = new long[layers.size()];
    if (tapLayer != null) tapsNode.follow(tapLayer);
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
  /** The media SSRC (the lowest layer's with simulcast), or -1 before it is known. */
  long mediaSsrc() { return single.ssrc(); }
  long rtxSsrc() { return single.rtxSsrc(); }
  PacketCache cache() { return single.cache(); }
  /** Where this track's keyframes start; null for audio (its legs are never gated). */
  KeyframeDetector keyframeDetector() { return keyframeDetector; }

  /** True when the publisher sends this track as simulcast layers. */
  boolean isSimulcast() { return demux != null; }

  /** The track's streams: one without simulcast, else one per layer, lowest resolution first. */
  List<UpstreamLayer> layers() { return layers; }

  /** The layer {@code index} (0 without simulcast; out of range clamps to the nearest). */
  UpstreamLayer layer(int index) {
    return layers.get(Math.max(0, Math.min(layers.size() - 1, index)));
  }

  /** Whether a simulcast layer already carries {@code ssrc}, so the publisher's table may keep it. */
  boolean knowsSsrc(long ssrc) {
    return demux != null ? demux.knows(ssrc) : ssrc == single.ssrc() || ssrc == single.rtxSsrc();
  }

  void setSsrcs(long media, long rtxSsrc) {
    single.ssrcs(media, rtxSsrc, codec);
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
    (demux != null ? demux : single.mediaHead()).accept(envelope.set(b, off, len, arrivalNanos));
  }

  /**
   * An RTX packet from the publisher (RFC 4588): restored in place to the original packet, which
   * then takes the same chain. Padding-only RTX (bandwidth probes) is dropped.
   */
  void onRtx(byte[] b, int off, int len, long arrivalNanos) {
    single.rtxHead().accept(envelope.set(b, off, len, arrivalNanos));
  }

  /** NACKs the publisher for every missing packet that is due (first time or retry). */
  void sendNacks() {
    if (transport == null || !transport.isConnected()) return;
    for (int i = 0; i < layers.size(); i++) {
      UpstreamLayer l = layers.get(i);
      if (l.nacker() == null || l.ssrc() < 0) continue;
      List<Integer> due = l.nacker().due(clock.millis());
      if (due.isEmpty()) continue;
      transport.sendRtcp(RtcpWriter.nack(transport.rtcpSsrc(), l.ssrc(), due));
      metrics.upstreamNacks(due.size());
    }
  }

  /** A sender report for the stream {@code ssrc} (without simulcast, the track's). */
  void onSenderReport(long ssrc, long ntp, long rtpTimestamp) {
    for (UpstreamLayer l : layers) {
      if (l.ssrc() == ssrc || demux == null) {
        l.onSenderReport(ntp, rtpTimestamp, clock.millis());
        return;
      }
    }
  }

  void onSenderReport(long ntp, long rtpTimestamp) {
    single.onSenderReport(ntp, rtpTimestamp, clock.millis());
  }

  boolean hasSenderReport() { return single.hasSenderReport(); }
  long lastSrNtp() { return single.lastSrNtp(); }
  long lastSrRtp() { return single.lastSrRtp(); }
  ReceiveStats stats() { return single.stats(); }

  /**
   * Decides which simulcast layers the publisher should send ({@link LayerPauses}): those the
   * active legs aim at or forward, and, while {@code tapsWantVideo}, the top one and the one the
   * taps follow now (the recorder records the highest layer being sent, and wants the top one).
   * Returns the rids to keep active when that changed, and whether more are active than
   * before; else null (always without simulcast).
   */
  LayerChange updateLayerPauses(boolean tapsWantVideo, long holdMs, long nowNanos) {
    if (demux == null) return null;
    long nowMs = nowNanos / 1_000_000;
    if (pauses == null) pauses = new LayerPauses(layers.size(), holdMs, nowMs);
    int needed = tapsWantVideo ? 1 << (layers.size() - 1) : 0;
    if (tapsWantVideo && tapLayer != null) {
      if (tapLayer.current() >= 0) needed |= 1 << tapLayer.current();
      needed |= 1 << tapLayer.target();
    }
    for (DownTrack d : downTracks) {
      LayerSelector s = d.selector();
      if (s == null || !d.isActive()) continue;
      if (s.target() >= 0) needed |= 1 << s.target();
      if (s.current() >= 0) needed |= 1 << s.current();
    }
    long[] bps = new long[layers.size()];
    for (int i = 0; i < bps.length; i++) bps[i] = layers.get(i).bitrateBps(nowNanos);
    int before = Integer.bitCount(pauses.activeMask());
    int mask = pauses.update(needed, bps, nowMs);
    if (mask < 0) return null;
    List<String> rids = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) if ((mask >>> i & 1) != 0) rids.add(layers.get(i).rid());
    return new LayerChange(rids, rids.size() > before);
  }

  /**
   * Simulcast video: aims the taps (the recorder) at the highest layer the publisher sends now
   * ({@link TapLayer}); called every 20 ms ({@link Participant#followTapLayers}). Nothing while the
   * track is paused (no layer is sent).
   */
  void followTapLayer(long nowNanos) {
    if (tapLayer == null || single.paused()) return;
    for (int i = 0; i < tapBps.length; i++) tapBps[i] = sendingBps(i, nowNanos);
    tapLayer.update(tapBps, nowNanos / 1_000_000);
  }

  /** The simulcast layers to keep active now; {@code more}: more than before (a resume). */
  record LayerChange(List<String> activeRids, boolean more) {}

  /**
   * What layer {@code i} sends now, as a leg's choice should see it: while the server has it paused
   * at the publisher, what it sent before (so a leg can still choose it, which resumes it).
   */
  long layerBpsForChoice(int i, long nowNanos) {
    long measured = sendingBps(i, nowNanos);
    return pauses == null ? measured : pauses.bitrateBps(i, measured);
  }

  /**
   * What simulcast layer {@code i} sends now: its bitrate over the last second, or 0 once it has
   * been silent for {@link #LAYER_STOPPED_NANOS} while another layer went on. Chromium drops a
   * layer at once when its estimate or CPU falls; the one-second bitrate would take a second to
   * say so, and a leg or the recording on that layer would freeze for that second.
   */
  long sendingBps(int i, long nowNanos) {
    long newest = Long.MIN_VALUE;
    for (int k = 0; k < layers.size(); k++) newest = Math.max(newest, layers.get(k).lastArrivalNanos());
    long last = layers.get(i).lastArrivalNanos();
    if (last == Long.MIN_VALUE || newest - last > LAYER_STOPPED_NANOS) return 0;
    return layers.get(i).bitrateBps(nowNanos);
  }

  /** What the publisher sends on this track (all its layers) over the last second ending at {@code nowNanos}. */
  long bitrateBps(long nowNanos) {
    long sum = 0;
    for (int i = 0; i < layers.size(); i++) sum += layers.get(i).bitrateBps(nowNanos);
    return sum;
  }

  /**
   * Stops (privacy mode, mute) or resumes forwarding. Paused packets reach no subscriber, tap or
   * cache; on resume each video leg waits for a keyframe (asking for one), then continues its
   * sequence from there.
   */
  void setPaused(boolean paused) {
    if (paused == single.paused()) return;
    for (UpstreamLayer l : layers) l.paused(paused);
    if (!paused) {
      downTracks.forEach(DownTrack::resyncAfterPause);
      requestKeyframe();
    }
  }

  public boolean isPaused() { return single.paused(); }

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
    if (demux == null) {
      requestKeyframe(0, exempt);
    } else {
      for (int i = 0; i < layers.size(); i++) requestKeyframe(i, exempt);
    }
  }

  /** As {@link #requestKeyframe(boolean)}, of layer {@code layer} only (each layer has its own throttle). */
  void requestKeyframe(int layer, boolean exempt) {
    UpstreamLayer l = layer(layer);
    if (!info.kind().equals("video") || l.ssrc() < 0 || transport == null || !transport.isConnected()
        || !l.keyframes().allow(exempt)) {
      return;
    }
    byte[] pli = RtcpWriter.pli(transport.rtcpSsrc(), l.ssrc());
    transport.sendRtcp(pli);
    metrics.keyframeRequest();
  }
}
