package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.telerounds.media.cc.SendSideBwe;
import org.telerounds.media.metrics.CongestionMetrics;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;

/**
 * One subscriber's side of transport-wide congestion control: once its answer accepts the
 * transport-cc extension, every packet its legs send takes the next transport-wide sequence
 * number ({@link #onSent}), and its feedback feeds the {@link SendSideBwe} whose estimate says
 * what the server may send it; {@link #allocate} acts on the estimate (audio first: video legs it
 * cannot carry are suspended; simulcast legs get the layer that fits, see {@link SimulcastShare})
 * and {@link #sendPadding} pads towards it while one is. The
 * estimator's probe clusters are padded by {@link #sendProbe}: RTX padding, like the rest, whose
 * transport-wide sequence numbers tie it to its cluster in the send history. Lives on the media
 * loop with the subscriber's transport.
 */
final class SubscriberBandwidth {
  private final SendSideBwe bwe;
  private final LongSupplier nanoTime;
  private final CongestionMetrics metrics;
  private final BandwidthAllocator allocator = new BandwidthAllocator();
  private final SimulcastShare simulcast = new SimulcastShare();
  private int extensionId;
  private long feedbackAtLastSample;
  private long paddingBps;
  private long lastFeedbackNanos;
  /** Feedback older than this no longer holds video back: the subscriber may have stopped sending it. */
  static final long STALE_FEEDBACK_NANOS = 3_000_000_000L;
  private long paddingCarryBits;
  private SubscriberSender sender;
  private double pacingFactor = 1;
  /** RTP padding per padding-only packet (the most one packet can carry). */
  static final int PADDING_BYTES = 255;
  /** What one padding-only packet weighs on the wire, near enough: padding, header, extensions. */
  static final int PADDING_PACKET_BYTES = PADDING_BYTES + 25;
  /** The most padding packets sent in one tick. */
  static final int MAX_PADDING_PACKETS = 40;

  SubscriberBandwidth(SendSideBwe bwe, LongSupplier nanoTime, CongestionMetrics metrics) {
    this.bwe = bwe;
    this.nanoTime = nanoTime;
    this.metrics = metrics;
  }

  /** Packets leave through {@code sender}, whose pacer runs at {@code factor} times the estimate. */
  void pacedBy(SubscriberSender sender, double factor) {
    this.sender = sender;
    this.pacingFactor = factor;
  }

  /** The subscriber's answer accepted transport-cc under {@code id} (or not, with 0). */
  void negotiated(int id) {
    extensionId = id >= 1 && id <= 14 ? id : 0;
  }

  /** The header-extension id to stamp, or 0 when the subscriber gives no feedback. */
  int extensionId() { return extensionId; }

  /** A packet of {@code size} bytes leaves for the subscriber now: its transport-wide sequence number. */
  int onSent(int size) {
    return bwe.onPacketSent(nanoTime.getAsLong() / 1000, size);
  }

  void onFeedback(TransportCc fb) {
    long unknownBefore = bwe.unknownPackets();
    lastFeedbackNanos = nanoTime.getAsLong();
    bwe.onFeedback(fb, lastFeedbackNanos / 1000);
    metrics.feedbackReceived();
    metrics.unknownPackets(bwe.unknownPackets() - unknownBefore);
  }

  /** Whether any feedback came: before it, the estimate is only the configured start value. */
  boolean hasFeedback() { return bwe.feedbacks() > 0; }

  /** What the server may send this subscriber, in bits per second. */
  long estimateBps() { return bwe.estimateBps(); }

  /**
   * Fits the subscriber's live legs to its estimate (every ~100 ms): suspends the video legs it
   * cannot carry, resumes those it can again, and sets the padding that probes for more while one
   * is suspended. Nothing before the subscriber's first feedback, or without TWCC; when feedback
   * stops for 3 s, nothing is held back any more (and no padding is sent).
   */
  void allocate(List<DownTrack> live) {
    long now = nanoTime.getAsLong();
    if (extensionId == 0 || !hasFeedback()) {
      paddingBps = 0;
      if (sender != null) sender.rate(0);
      viewOnly(live, now); // no estimate: each simulcast leg gets what its view needs
      return;
    }
    // no feedback for a while: fail open, so suspended video comes back by the usual rules
    boolean stale = now - lastFeedbackNanos > STALE_FEEDBACK_NANOS;
    long estimate = stale ? Long.MAX_VALUE / 4 : bwe.estimateBps();
    if (sender != null) sender.rate(stale ? 0 : Math.max(1, (long) (estimate * pacingFactor)));
    List<BandwidthAllocator.Leg> active = new ArrayList<>(live.size());
    List<SimulcastShare.Leg> layered = new ArrayList<>(0);
    long demand = 0;
    for (DownTrack d : live) {
      if (!d.isActive()) continue;
      PublishedTrack src = d.source();
      long bps = src.isPaused() ? 0 : src.bitrateBps(now);
      demand += bps;
      int priority = src.info().role().ordinal();
      if (d.selector() != null) { // simulcast: the allocation counts its lowest layer, the share the rest
        long[] layerBps = layerBps(src, now);
        layered.add(new SimulcastShare.Leg(d, priority, layerBps, d.maxLayerForView()));
        bps = SimulcastShare.lowestSent(layerBps);
      }
      active.add(new BandwidthAllocator.Leg(d, src.keyframeDetector() != null, priority, bps));
    }
    // probing past twice what every track together sends would find room nobody uses
    bwe.probeLimit(Math.max(1, 2 * demand));
    BandwidthAllocator.Decision decision = allocator.allocate(estimate, active, now / 1_000_000);
    for (Object o : decision.suspend()) {
      ((DownTrack) o).suspend();
      metrics.suspended();
    }
    for (Object o : decision.resume()) {
      ((DownTrack) o).resume();
      metrics.resumed();
    }
    paddingBps = stale ? 0 : decision.paddingBps();
    if (!layered.isEmpty()) shareLayers(estimate, active, layered, now / 1_000_000);
  }

  /**
   * What the estimate leaves after audio (at least its reserve) and the other video legs goes to
   * the simulcast legs the allocation kept, as layers.
   */
  private void shareLayers(long estimate, List<BandwidthAllocator.Leg> active, List<SimulcastShare.Leg> layered,
      long nowMs) {
    long budget = estimate;
    java.util.Set<Object> simulcastKeys = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    layered.forEach(l -> simulcastKeys.add(l.key()));
    for (BandwidthAllocator.Leg l : active) {
      if (simulcastKeys.contains(l.key()) || allocator.suspended(l.key())) continue;
      budget -= l.video() ? l.bps() : Math.max(l.bps(), BandwidthAllocator.MIN_AUDIO_BPS);
    }
    List<SimulcastShare.Leg> kept = new ArrayList<>(layered.size());
    for (SimulcastShare.Leg l : layered) {
      if (!allocator.suspended(l.key())) kept.add(l);
    }
    for (SimulcastShare.Target t : simulcast.share(Math.max(0, budget), kept, nowMs)) {
      ((DownTrack) t.key()).selector().target(t.layer(), t.why());
    }
  }

  /**
   * Without an estimate, aims each simulcast leg at the highest layer being sent that its view
   * needs (the top one when it has not said): the budget is unbounded, only the view caps.
   */
  private void viewOnly(List<DownTrack> live, long nowNanos) {
    List<SimulcastShare.Leg> layered = new ArrayList<>(0);
    for (DownTrack d : live) {
      if (d.selector() == null || !d.isActive()) continue;
      PublishedTrack src = d.source();
      layered.add(new SimulcastShare.Leg(d, src.info().role().ordinal(), layerBps(src, nowNanos), d.maxLayerForView()));
    }
    if (layered.isEmpty()) return;
    for (SimulcastShare.Target t : simulcast.share(Long.MAX_VALUE / 4, layered, nowNanos / 1_000_000)) {
      ((DownTrack) t.key()).selector().target(t.layer(), t.why());
    }
  }

  /** What each layer of {@code src} sends now, as a leg's choice sees it (0 for all while it is paused). */
  private static long[] layerBps(PublishedTrack src, long nowNanos) {
    long[] bps = new long[src.layers().size()];
    for (int i = 0; i < bps.length; i++) bps[i] = src.isPaused() ? 0 : src.layerBpsForChoice(i, nowNanos);
    return bps;
  }

  /** Sends this 20 ms tick's share of the padding, on the first live leg with an RTX stream. */
  void sendPadding(Supplier<List<DownTrack>> legs) {
    if (paddingBps <= 0 || sender != null && sender.queued()) return; // media waits: no room to pad
    List<DownTrack> live = legs.get();
    paddingCarryBits += paddingBps * 20 / 1000;
    int packets = (int) Math.min(MAX_PADDING_PACKETS, paddingCarryBits / (8 * PADDING_BYTES));
    if (packets == 0) return;
    int sent = pad(live, packets);
    paddingCarryBits = sent > 0 ? Math.max(0, paddingCarryBits - 8L * sent) : 0; // 0: no leg can carry padding
  }

  /**
   * Sends the padding the running probe cluster needs to keep its rate now (every 5 ms; nothing
   * when none runs, so the legs are only listed while one does). Not without transport-cc, nor
   * once feedback has stopped for {@link #STALE_FEEDBACK_NANOS}.
   */
  void sendProbe(Supplier<List<DownTrack>> live) {
    long now = nanoTime.getAsLong();
    if (extensionId == 0 || hasFeedback() && now - lastFeedbackNanos > STALE_FEEDBACK_NANOS) return;
    int due = bwe.probeBytesDue(now / 1000);
    if (due <= 0) return;
    if (sender != null) due -= sender.flush(due); // what waits in the pacer goes first, at the cluster's rate
    if (due <= 0) return;
    pad(live.get(), Math.min(MAX_PADDING_PACKETS, (due + PADDING_PACKET_BYTES - 1) / PADDING_PACKET_BYTES));
  }

  /** Sends {@code packets} padding packets on the first live leg with an RTX stream that can: the bytes sent. */
  private int pad(List<DownTrack> live, int packets) {
    for (DownTrack d : live) {
      if (d.rtxSsrc() < 0) continue;
      int sent = d.sendPadding(packets, PADDING_BYTES);
      if (sent > 0) {
        metrics.padding(sent);
        return sent;
      }
    }
    return 0;
  }

  /** Records the estimate in the histogram if feedback came since the last sample. */
  void sample() {
    if (bwe.feedbacks() > feedbackAtLastSample) {
      feedbackAtLastSample = bwe.feedbacks();
      metrics.estimate(bwe.estimateBps());
    }
  }
}
