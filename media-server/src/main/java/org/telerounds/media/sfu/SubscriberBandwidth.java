package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.telerounds.media.cc.SendSideBwe;
import org.telerounds.media.metrics.CongestionMetrics;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;

/**
 * One subscriber's side of transport-wide congestion control: once its answer accepts the
 * transport-cc extension, every packet its legs send takes the next transport-wide sequence
 * number ({@link #onSent}), and its feedback feeds the {@link SendSideBwe} whose estimate says
 * what the server may send it; {@link #allocate} acts on the estimate (audio first: video legs it
 * cannot carry are suspended) and {@link #sendPadding} probes for room while one is. Lives on the
 * media loop with the subscriber's transport.
 */
final class SubscriberBandwidth {
  private final SendSideBwe bwe;
  private final LongSupplier nanoTime;
  private final CongestionMetrics metrics;
  private final BandwidthAllocator allocator = new BandwidthAllocator();
  private int extensionId;
  private long feedbackAtLastSample;
  private long paddingBps;
  private long lastFeedbackNanos;
  /** Feedback older than this no longer holds video back: the subscriber may have stopped sending it. */
  static final long STALE_FEEDBACK_NANOS = 3_000_000_000L;
  private long paddingCarryBits;

  SubscriberBandwidth(SendSideBwe bwe, LongSupplier nanoTime, CongestionMetrics metrics) {
    this.bwe = bwe;
    this.nanoTime = nanoTime;
    this.metrics = metrics;
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
    if (extensionId == 0 || !hasFeedback()) {
      paddingBps = 0;
      return;
    }
    long now = nanoTime.getAsLong();
    // no feedback for a while: fail open, so suspended video comes back by the usual rules
    boolean stale = now - lastFeedbackNanos > STALE_FEEDBACK_NANOS;
    long estimate = stale ? Long.MAX_VALUE / 4 : bwe.estimateBps();
    List<BandwidthAllocator.Leg> active = new ArrayList<>(live.size());
    for (DownTrack d : live) {
      if (!d.isActive()) continue;
      PublishedTrack src = d.source();
      active.add(new BandwidthAllocator.Leg(d, src.keyframeDetector() != null, src.info().role().ordinal(),
          src.isPaused() ? 0 : src.bitrateBps(now)));
    }
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
  }

  /** Sends this 20 ms tick's share of the padding, on the first live leg with an RTX stream. */
  void sendPadding(List<DownTrack> live) {
    if (paddingBps <= 0) return;
    paddingCarryBits += paddingBps * 20 / 1000;
    int packets = (int) Math.min(40, paddingCarryBits / (8 * 255));
    if (packets == 0) return;
    for (DownTrack d : live) {
      if (d.rtxSsrc() < 0) continue;
      int sent = d.sendPadding(packets, 255);
      if (sent > 0) {
        paddingCarryBits = Math.max(0, paddingCarryBits - 8L * sent);
        metrics.padding(sent);
        return;
      }
    }
    paddingCarryBits = 0; // no leg can carry padding
  }

  /** Records the estimate in the histogram if feedback came since the last sample. */
  void sample() {
    if (bwe.feedbacks() > feedbackAtLastSample) {
      feedbackAtLastSample = bwe.feedbacks();
      metrics.estimate(bwe.estimateBps());
    }
  }
}
