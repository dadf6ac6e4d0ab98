package org.telerounds.media.sfu;

import java.util.List;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.node.Node;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.tap.PacketTap;

/**
 * The nodes a published track's packets go through, in this order: {@link RtxRestore} (RTX only),
 * {@link Stats}, {@link Pause}, {@link UpstreamNack} and {@link Cache} (video), {@link Taps},
 * {@link Feed}, then the {@link FanOut} to the subscribers' legs. Each has one job; the chain is
 * built by {@link PublishedTrack} and runs on its media event loop.
 */
final class ReceiveNodes {
  private ReceiveNodes() {}

  /**
   * Turns an RTX packet (RFC 4588) back into the original in place: sequence number from the OSN,
   * the media SSRC and payload type. A packet the cache already holds (a padding probe, or a
   * duplicate) stops here.
   */
  static final class RtxRestore extends Node {
    private final UpstreamLayer layer;
    private final int payloadType;
    private final MediaMetrics metrics;

    RtxRestore(NodeStats s, UpstreamLayer layer, int payloadType, MediaMetrics metrics) {
      super("rtx-restore", s);
      this.layer = layer;
      this.payloadType = payloadType;
      this.metrics = metrics;
    }

    @Override
    protected void process(PacketInfo p) {
      byte[] b = p.buf();
      int off = p.off();
      int len = p.len();
      int hdr = RtpHeader.headerLength(b, off, len);
      int payloadEnd = len - RtpHeader.paddingLength(b, off, len);
      if (hdr < 0 || payloadEnd - hdr < 2) {
        drop(DropReason.RTX_UPSTREAM);
        return;
      }
      int osn = (b[off + hdr] & 0xFF) << 8 | (b[off + hdr + 1] & 0xFF);
      PacketCache cache = layer.cache();
      if (cache != null && cache.find(osn) >= 0) {
        drop(DropReason.RTX_UPSTREAM); // already have it (e.g. a probe)
        return;
      }
      System.arraycopy(b, off + hdr + 2, b, off + hdr, len - hdr - 2);
      RtpHeader.setSequenceNumber(b, off, osn);
      RtpHeader.setSsrc(b, off, layer.ssrc());
      RtpHeader.setPayloadType(b, off, payloadType);
      p.length(len - 2);
      metrics.upstreamRecovered();
      emit(p);
    }
  }

  /**
   * The head of a simulcast track's chain: finds each packet's layer by its SSRC, and learns an
   * SSRC it does not know yet from the packet's rid (media) or repaired-rid (RTX) header
   * extension, then hands the packet to that layer's chain with its layer set. A packet whose rid
   * is missing or was never announced stops here ({@code unknown_rid}); nothing throws. Looking a
   * known SSRC up allocates nothing (at most three layers to compare).
   */
  static final class LayerDemux extends Node {
    private final List<UpstreamLayer> layers;
    private final org.telerounds.media.sdp.RtpCodec codec;
    private final int ridId;
    private final int repairedRidId;

    LayerDemux(NodeStats s, List<UpstreamLayer> layers, org.telerounds.media.sdp.RtpCodec codec, int ridId,
        int repairedRidId) {
      super("simulcast-demux", s);
      this.layers = layers;
      this.codec = codec;
      this.ridId = ridId;
      this.repairedRidId = repairedRidId;
    }

    /** Whether some layer already carries {@code ssrc} (media or RTX). */
    boolean knows(long ssrc) {
      for (int i = 0; i < layers.size(); i++) {
        UpstreamLayer l = layers.get(i);
        if (l.ssrc() == ssrc || l.rtxSsrc() == ssrc) return true;
      }
      return false;
    }

    @Override
    protected void process(PacketInfo p) {
      long ssrc = RtpHeader.ssrc(p.buf(), p.off(), p.len());
      for (int i = 0; i < layers.size(); i++) {
        UpstreamLayer l = layers.get(i);
        if (l.ssrc() == ssrc) {
          p.layer(l.index());
          emitTo(l.mediaHead(), p);
          return;
        }
        if (l.rtxSsrc() == ssrc) {
          p.layer(l.index());
          emitTo(l.rtxHead(), p);
          return;
        }
      }
      UpstreamLayer media = byRid(p, ridId);
      if (media != null) {
        media.ssrcs(ssrc, media.rtxSsrc(), codec);
        p.layer(media.index());
        emitTo(media.mediaHead(), p);
        return;
      }
      UpstreamLayer repaired = byRid(p, repairedRidId);
      if (repaired != null) {
        repaired.rtxSsrc(ssrc);
        p.layer(repaired.index());
        emitTo(repaired.rtxHead(), p);
        return;
      }
      drop(DropReason.UNKNOWN_RID);
    }

    /** The layer whose rid extension {@code id} the packet carries, compared byte by byte; or null. */
    private UpstreamLayer byRid(PacketInfo p, int id) {
      if (id <= 0) return null;
      int at = RtpHeader.findExtension(p.buf(), p.off(), p.len(), id);
      int n = RtpHeader.extensionLength(p.buf(), p.off(), p.len(), id);
      if (at < 0 || n <= 0) return null;
      for (int i = 0; i < layers.size(); i++) {
        String rid = layers.get(i).rid();
        if (rid.length() != n) continue;
        boolean same = true;
        for (int k = 0; k < n && same; k++) same = p.buf()[at + k] == rid.charAt(k);
        if (same) return layers.get(i);
      }
      return null;
    }
  }

  /** Receive statistics (RFC 3550) of the publisher's stream, for its receiver reports; paused or not. */
  static final class Stats extends Node {
    private ReceiveStats stats;
    private final org.telerounds.media.cc.BitrateMeter bitrate = new org.telerounds.media.cc.BitrateMeter();
    private long lastArrivalNanos;
    private boolean any;

    /** What the publisher sends on this track over the last second (what a subscriber's leg costs). */
    long bitrateBps(long nowNanos) {
      return bitrate.bps(nowNanos / 1_000_000);
    }

    /** When the last packet arrived, or {@link Long#MIN_VALUE} before the first. */
    long lastArrivalNanos() {
      return any ? lastArrivalNanos : Long.MIN_VALUE;
    }

    Stats(NodeStats s) {
      super("receive-stats", s);
    }

    void reset(long ssrc, RtpCodec codec) {
      stats = new ReceiveStats(ssrc, codec.clockRate());
    }

    ReceiveStats stats() {
      return stats;
    }

    @Override
    protected void process(PacketInfo p) {
      bitrate.onBytes(p.arrivalNanos() / 1_000_000, p.len());
      lastArrivalNanos = p.arrivalNanos();
      any = true;
      if (stats != null) {
        stats.onPacket(RtpHeader.sequenceNumber(p.buf(), p.off(), p.len()),
            RtpHeader.timestamp(p.buf(), p.off(), p.len()), p.arrivalNanos());
      }
      emit(p);
    }
  }

  /** Privacy mode or mute: a paused track's packets reach no cache, tap, feed or subscriber. */
  static final class Pause extends Node {
    private boolean paused;

    Pause(NodeStats s) {
      super("pause", s);
    }

    boolean paused() {
      return paused;
    }

    void paused(boolean p) {
      paused = p;
    }

    @Override
    protected void process(PacketInfo p) {
      if (paused) drop(DropReason.PAUSED);
      else emit(p);
    }
  }

  /** Notes gaps in the publisher's sequence and has the track NACK them upstream at once. */
  static final class UpstreamNack extends Node {
    private final UpstreamNacker nacker;
    private final Runnable sendNacks;

    UpstreamNack(NodeStats s, UpstreamNacker nacker, Runnable sendNacks) {
      super("upstream-nack", s);
      this.nacker = nacker;
      this.sendNacks = sendNacks;
    }

    @Override
    protected void process(PacketInfo p) {
      boolean late = nacker.onPacket(RtpHeader.sequenceNumber(p.buf(), p.off(), p.len()));
      if (!late && nacker.missingCount() > 0) sendNacks.run();
      emit(p);
    }
  }

  /** Copies the packet into the track's cache, to answer subscribers' NACKs. */
  static final class Cache extends Node {
    private final PacketCache cache;

    Cache(NodeStats s, PacketCache cache) {
      super("packet-cache", s);
      this.cache = cache;
    }

    @Override
    protected void process(PacketInfo p) {
      cache.put(RtpHeader.sequenceNumber(p.buf(), p.off(), p.len()), p.buf(), p.off(), p.len());
      emit(p);
    }
  }

  /**
   * Notes the picture size each keyframe of a simulcast layer announces ({@link
   * org.telerounds.media.codec.FrameSize}), so a subscriber's layer can be capped by the size it
   * shows the video at. Reads only packets that may start a keyframe; never drops.
   */
  static final class FrameSizeNode extends Node {
    private final String codec;
    private final UpstreamLayer layer;

    FrameSizeNode(NodeStats s, String codec, UpstreamLayer layer) {
      super("frame-size", s);
      this.codec = codec;
      this.layer = layer;
    }

    @Override
    protected void process(PacketInfo p) {
      byte[] b = p.buf();
      int hdr = RtpHeader.headerLength(b, p.off(), p.len());
      int payload = RtpHeader.payloadLength(b, p.off(), p.len());
      if (hdr >= 0 && payload > 0) {
        int size = org.telerounds.media.codec.FrameSize.of(codec, b, p.off() + hdr, payload);
        if (size > 0) layer.frameSize(size);
      }
      emit(p);
    }
  }

  /**
   * Hands the packet to the server's taps (the recorder); each copies what it keeps. With
   * simulcast they see one stream, the highest layer being sent ({@link TapLayer}).
   */
  static final class Taps extends Node {
    private final TrackInfo info;
    private final List<PacketTap> taps;
    private TapLayer follow;

    Taps(NodeStats s, TrackInfo info, List<PacketTap> taps) {
      super("taps", s);
      this.info = info;
      this.taps = taps;
    }

    /** Simulcast: the taps see the layers through {@code follow}. */
    void follow(TapLayer follow) {
      this.follow = follow;
    }

    @Override
    protected void process(PacketInfo p) {
      if (follow == null) {
        for (int i = 0; i < taps.size(); i++) taps.get(i).onRtp(info, p.buf(), p.off(), p.len(), p.arrivalNanos());
      } else if (!taps.isEmpty()) {
        int len = follow.admit(p); // -1: another layer, which only the legs take
        for (int i = 0; len > 0 && i < taps.size(); i++) taps.get(i).onRtp(info, follow.buffer(), 0, len, p.arrivalNanos());
      }
      emit(p);
    }
  }

  /** Hands the packet to the track's one in-server consumer, if any (the cart's enhancer). */
  static final class Feed extends Node {
    private final TrackInfo info;
    private PacketTap feed;

    Feed(NodeStats s, TrackInfo info) {
      super("enhancer-feed", s);
      this.info = info;
    }

    PacketTap feed() {
      return feed;
    }

    void feed(PacketTap f) {
      feed = f;
    }

    @Override
    protected void process(PacketInfo p) {
      if (feed != null) feed.onRtp(info, p.buf(), p.off(), p.len(), p.arrivalNanos());
      emit(p);
    }
  }

  /** Forwards the packet to every subscriber's leg of the track; each leg copies it out. */
  static final class FanOut extends Node {
    private final List<DownTrack> legs;

    FanOut(NodeStats s, List<DownTrack> legs) {
      super("fan-out", s);
      this.legs = legs;
    }

    @Override
    protected void process(PacketInfo p) {
      for (int i = 0; i < legs.size(); i++) emitTo(legs.get(i).head(), p);
    }
  }
}
