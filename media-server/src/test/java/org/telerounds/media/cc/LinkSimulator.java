package org.telerounds.media.cc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.telerounds.media.rtcp.RtcpPacket;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;
import org.telerounds.media.rtcp.RtcpParser;

/**
 * A sender, one bottleneck link and a receiver, on simulated time (1 ms steps): a video source
 * sends 30 frames a second, each split into packets of at most 1,200 bytes and sent as one burst
 * (as an SFU forwards them); the link serves them first-in first-out at its capacity, drops at the
 * tail when the queue would exceed {@code maxQueueMs} (as tbf does) and at random with
 * {@code lossRatio}; each arrival goes to a real {@link TwccFeedbackGenerator}, whose feedback,
 * every 100 ms, is written to bytes, parsed back by the real {@link RtcpParser} and applied to the
 * {@link SendSideBwe} 20 ms later (the return path). While the estimator runs a probe cluster, the
 * sender also sends the padding it asks for ({@link SendSideBwe#probeBytesDue}, checked every
 * simulated ms) in packets of {@value #PADDING_PACKET} bytes, as the SFU sends RTX padding; padding
 * takes the same link but is counted apart from media.
 */
final class LinkSimulator {
  private static final long PROPAGATION_US = 20_000;
  /** A padding-only RTX packet as the SFU sends it: 255 bytes of padding, header and extensions. */
  static final int PADDING_PACKET = 280;

  final SendSideBwe bwe;
  private final TwccFeedbackGenerator receiver = new TwccFeedbackGenerator();
  private final Random random = new Random(42);
  private final ArrayDeque<long[]> inFlight = new ArrayDeque<>(); // {arrivalUs, seq}
  private final ArrayDeque<Object[]> feedbackInFlight = new ArrayDeque<>(); // {dueUs, TransportCc}
  private final List<Long> queueDelaysMs = new ArrayList<>();
  long nowUs;
  long capacityBps;
  double lossRatio;
  long maxQueueMs = 300;
  /** The source's rate for a given estimate (the identity: an encoder that follows the estimate). */
  LongUnaryOperator source = e -> e;
  private long linkFreeUs;
  private long nextFrameUs;
  private long nextFeedbackUs = 100_000;
  long sentBytes;
  long deliveredBytes;
  /** Padding bytes sent for probes (not in {@link #sentBytes} or {@link #deliveredBytes}). */
  long paddingBytes;

  LinkSimulator(SendSideBwe bwe, long capacityBps) {
    this.bwe = bwe;
    this.capacityBps = capacityBps;
  }

  /** Runs {@code ms} of simulated time. */
  void run(long ms) {
    long end = nowUs + ms * 1000;
    for (; nowUs < end; nowUs += 1000) {
      if (nowUs >= nextFrameUs) {
        sendFrame();
        nextFrameUs += 1_000_000 / 30;
      }
      for (int due = bwe.probeBytesDue(nowUs); due > 0; due -= PADDING_PACKET) {
        paddingBytes += PADDING_PACKET;
        send(PADDING_PACKET, false);
      }
      while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= nowUs) {
        long[] p = inFlight.pollFirst();
        receiver.onPacket((int) p[1], p[0]);
      }
      if (nowUs >= nextFeedbackUs) {
        nextFeedbackUs += 100_000;
        for (byte[] fb : receiver.drain(1, 2)) {
          for (RtcpPacket parsed : RtcpParser.parseCompound(fb, 0, fb.length)) {
            feedbackInFlight.add(new Object[] {nowUs + PROPAGATION_US, parsed});
          }
        }
      }
      while (!feedbackInFlight.isEmpty() && (long) feedbackInFlight.peekFirst()[0] <= nowUs) {
        bwe.onFeedback((TransportCc) feedbackInFlight.pollFirst()[1], nowUs);
      }
    }
  }

  private void sendFrame() {
    long rate = source.applyAsLong(bwe.estimateBps());
    int frameBytes = (int) Math.max(200, rate / 8 / 30);
    while (frameBytes > 0) {
      int size = Math.min(1200, frameBytes);
      frameBytes -= size;
      sentBytes += size;
      send(size, true);
    }
  }

  private void send(int size, boolean media) {
    int seq = bwe.onPacketSent(nowUs, size);
    long queueUs = Math.max(0, linkFreeUs - nowUs);
    if (queueUs > maxQueueMs * 1000) return; // tail drop
    long departure = Math.max(nowUs, linkFreeUs) + size * 8L * 1_000_000 / capacityBps;
    linkFreeUs = departure;
    queueDelaysMs.add(queueUs / 1000);
    if (random.nextDouble() < lossRatio) return;
    if (media) deliveredBytes += size;
    inFlight.add(new long[] {departure + PROPAGATION_US, seq});
  }

  /** The 95th percentile of the queueing delay packets met since the last call, in ms. */
  long queueDelayP95AndReset() {
    List<Long> d = new ArrayList<>(queueDelaysMs);
    queueDelaysMs.clear();
    if (d.isEmpty()) return 0;
    d.sort(null);
    return d.get((int) Math.min(d.size() - 1, Math.round(d.size() * 0.95)));
  }

  /** Runs until the estimate satisfies {@code ok} or {@code maxMs} pass; returns the ms it took, or -1. */
  long runUntil(java.util.function.LongPredicate ok, long maxMs) {
    for (long t = 0; t < maxMs; t += 100) {
      if (ok.test(bwe.estimateBps())) return t;
      run(100);
    }
    return ok.test(bwe.estimateBps()) ? maxMs : -1;
  }
}
