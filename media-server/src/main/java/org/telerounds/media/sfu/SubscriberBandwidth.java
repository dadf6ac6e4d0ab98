package org.telerounds.media.sfu;

import java.util.function.LongSupplier;
import org.telerounds.media.cc.SendSideBwe;
import org.telerounds.media.metrics.CongestionMetrics;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;

/**
 * One subscriber's side of transport-wide congestion control: once its answer accepts the
 * transport-cc extension, every packet its legs send takes the next transport-wide sequence
 * number ({@link #onSent}), and its feedback feeds the {@link SendSideBwe} whose estimate says
 * what the server may send it. Lives on the media loop with the subscriber's transport.
 */
final class SubscriberBandwidth {
  private final SendSideBwe bwe;
  private final LongSupplier nanoTime;
  private final CongestionMetrics metrics;
  private int extensionId;
  private long feedbackAtLastSample;

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
    bwe.onFeedback(fb, nanoTime.getAsLong() / 1000);
    metrics.feedbackReceived();
    metrics.unknownPackets(bwe.unknownPackets() - unknownBefore);
  }

  /** Whether any feedback came: before it, the estimate is only the configured start value. */
  boolean hasFeedback() { return bwe.feedbacks() > 0; }

  /** What the server may send this subscriber, in bits per second. */
  long estimateBps() { return bwe.estimateBps(); }

  /** Records the estimate in the histogram if feedback came since the last sample. */
  void sample() {
    if (bwe.feedbacks() > feedbackAtLastSample) {
      feedbackAtLastSample = bwe.feedbacks();
      metrics.estimate(bwe.estimateBps());
    }
  }
}
