package org.telerounds.media.sfu;

import java.util.List;
import org.telerounds.media.cc.TwccFeedbackGenerator;
import org.telerounds.media.metrics.CongestionMetrics;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * One publisher's side of transport-wide congestion control: once its offer carries the
 * transport-cc extension, the arrival of every packet it sends (media, RTX, padding) is noted by
 * its transport-wide sequence number, and feedback goes back every ~100 ms, so the publisher's own
 * estimate (Chromium's GCC) sets its rate. On the media loop.
 */
final class PublisherTwcc {
  private final TwccFeedbackGenerator arrivals = new TwccFeedbackGenerator();
  private int extensionId = -1;

  /** The publisher's offer names transport-cc under {@code id} (ignored unless 1..255). */
  void negotiated(int id) {
    if (id > 0 && id <= 255) extensionId = id;
  }

  /** Whether the publisher gets feedback (and so no fixed REMB). */
  boolean enabled() { return extensionId > 0; }

  void onRtp(byte[] b, int off, int len, long arrivalNanos) {
    if (extensionId <= 0) return;
    int e = RtpHeader.findExtension(b, off, len, extensionId);
    if (e >= 0 && RtpHeader.extensionLength(b, off, len, extensionId) == 2) {
      arrivals.onPacket((b[e] & 0xFF) << 8 | (b[e + 1] & 0xFF), arrivalNanos / 1000);
    }
  }

  /** Feedback for what arrived since the last call, to {@code t} ({@code mediaSsrc}: any of the publisher's). */
  void sendFeedback(WebRtcTransport t, long mediaSsrc, CongestionMetrics metrics) {
    if (extensionId <= 0 || t == null || !t.isConnected() || !arrivals.hasPending()) return;
    List<byte[]> feedback = arrivals.drain(t.rtcpSsrc(), mediaSsrc);
    feedback.forEach(t::sendRtcp);
    metrics.feedbackSent(feedback.size());
  }
}
