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
    private final PublishedTrack track;
    private final MediaMetrics metrics;

    RtxRestore(NodeStats s, PublishedTrack track, MediaMetrics metrics) {
      super("rtx-restore", s);
      this.track = track;
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
      PacketCache cache = track.cache();
      if (cache != null && cache.find(osn) >= 0) {
        drop(DropReason.RTX_UPSTREAM); // already have it (e.g. a probe)
        return;
      }
      System.arraycopy(b, off + hdr + 2, b, off + hdr, len - hdr - 2);
      RtpHeader.setSequenceNumber(b, off, osn);
      RtpHeader.setSsrc(b, off, track.mediaSsrc());
      RtpHeader.setPayloadType(b, off, track.codec().payloadType());
      p.length(len - 2);
      metrics.upstreamRecovered();
      emit(p);
    }
  }

  /** Receive statistics (RFC 3550) of the publisher's stream, for its receiver reports; paused or not. */
  static final class Stats extends Node {
    private ReceiveStats stats;
    private final org.telerounds.media.cc.BitrateMeter bitrate = new org.telerounds.media.cc.BitrateMeter();

    /** What the publisher sends on this track over the last second (what a subscriber's leg costs). */
    long bitrateBps(long nowNanos) {
      return bitrate.bps(nowNanos / 1_000_000);
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

  /** Hands the packet to the server's taps (the recorder); each copies what it keeps. */
  static final class Taps extends Node {
    private final TrackInfo info;
    private final List<PacketTap> taps;

    Taps(NodeStats s, TrackInfo info, List<PacketTap> taps) {
      super("taps", s);
      this.info = info;
      this.taps = taps;
    }

    @Override
    protected void process(PacketInfo p) {
      for (int i = 0; i < taps.size(); i++) taps.get(i).onRtp(info, p.buf(), p.off(), p.len(), p.arrivalNanos());
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
