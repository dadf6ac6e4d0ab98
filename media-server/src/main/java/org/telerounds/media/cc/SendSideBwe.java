package org.telerounds.media.cc;

import java.util.Arrays;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;

/**
 * The server's estimate of what it may send one subscriber, from that subscriber's transport-wide
 * feedback (GCC-style, as libwebrtc's send side): every packet sent on the subscriber's transport
 * takes the next transport-wide sequence number ({@link #onPacketSent}, whose send time and size
 * are kept in a fixed ring), and each feedback ({@link #onFeedback}) pairs send and arrival times.
 * Packets sent within {@value #BURST_MS} ms of each other form a group; each group's delay
 * variation against the previous one goes to the {@link TrendlineEstimator}, its verdict to the
 * {@link OveruseDetector} and then the {@link AimdRateControl}; the reported losses go to the
 * {@link LossBasedControl}. The estimate is the smaller of the two, within min..max.
 * With probing on, a {@link ProbeController} asks for probe clusters (at the start, further while
 * results come near what was asked for, and periodically), the {@link ProbePacer} runs them (every
 * packet sent while one runs belongs to it; {@link #probeBytesDue} is the padding the caller
 * sends to keep it at its rate), and the {@link ProbeResultEstimator} measures each from its
 * feedback; a result above the estimate lifts it (unless the link is overused), as libwebrtc's
 * probes do.
 * Feedback that names packets never sent, or too old to remember, counts them as
 * {@link #unknownPackets} and is otherwise used as far as it makes sense; it never throws.
 * Time comes in as arguments (the caller's injected clock). Not thread-safe: one media loop.
 */
public final class SendSideBwe {
  static final int HISTORY = 1 << 13;
  static final double BURST_MS = 5;

  private final long[] sentUs = new long[HISTORY];
  private final int[] sizes = new int[HISTORY];
  private final long[] sentSeq = new long[HISTORY]; // which sequence number a slot holds
  private final int[] sentCluster = new int[HISTORY]; // the probe cluster it belongs to, or -1
  private long nextSeq;
  private final long minBps;
  private final long maxBps;
  private final TrendlineEstimator trendline = new TrendlineEstimator();
  private final OveruseDetector detector = new OveruseDetector();
  private final AimdRateControl aimd;
  private final LossBasedControl loss;
  private final AckedBitrate acked = new AckedBitrate();
  private final boolean probing;
  private final ProbePacer pacer = new ProbePacer();
  private final ProbeResultEstimator probeResults = new ProbeResultEstimator();
  private final ProbeController prober;
  private long probeRaises;
  // the group being filled, and the last complete one (send and arrival time of its last packet)
  private double groupFirstSendMs = Double.NaN;
  private double groupLastSendMs;
  private double groupLastArrivalMs;
  private double prevGroupSendMs = Double.NaN;
  private double prevGroupArrivalMs;
  private long highestAcked = -1;
  private long feedbacks;
  private long unknown;
  private long estimate;

  /** An estimator with probing on. */
  public SendSideBwe(long startBps, long minBps, long maxBps) {
    this(startBps, minBps, maxBps, true);
  }

  /** An estimator within min..max, starting at start; {@code probing} off leaves it to grow by itself. */
  public SendSideBwe(long startBps, long minBps, long maxBps, boolean probing) {
    if (minBps <= 0 || minBps > startBps || startBps > maxBps) {
      throw new IllegalArgumentException("need 0 < min <= start <= max, got " + minBps + ", " + startBps + ", " + maxBps);
    }
    this.minBps = minBps;
    this.maxBps = maxBps;
    this.aimd = new AimdRateControl(startBps, minBps, maxBps);
    this.loss = new LossBasedControl(startBps, minBps, maxBps);
    this.estimate = startBps;
    this.probing = probing;
    this.prober = new ProbeController(maxBps, pacer::request);
    Arrays.fill(sentSeq, -1);
  }

  /**
   * A packet of {@code sizeBytes} (RTP header and payload) leaves now: returns the 16-bit
   * transport-wide sequence number to write into its header extension. While a probe cluster runs
   * the packet counts towards it, whatever it carries; the first packet starts the initial probes.
   */
  public int onPacketSent(long nowMicros, int sizeBytes) {
    if (probing && nextSeq == 0) prober.onStart(estimate, nowMicros / 1000.0);
    long seq = nextSeq++;
    int slot = (int) (seq & (HISTORY - 1));
    sentSeq[slot] = seq;
    sentUs[slot] = nowMicros;
    sizes[slot] = sizeBytes;
    int cluster = probing ? pacer.onSent(nowMicros, sizeBytes) : -1;
    sentCluster[slot] = cluster;
    probeResults.onSent(cluster, sizeBytes);
    return (int) (seq & 0xFFFF);
  }

  /** Applies one transport-wide feedback packet from the subscriber, received at {@code nowMicros}. */
  public void onFeedback(TransportCc fb, long nowMicros) {
    feedbacks++;
    if (nextSeq == 0) {
      unknown += fb.packetStatusCount();
      return;
    }
    // place the 16-bit base next to what was sent last
    long last = nextSeq - 1;
    long base = last - ((last - fb.baseSequence()) & 0xFFFF);
    long arrivalTicks = (long) fb.referenceTime() * 256; // 64 ms in 250 µs ticks
    int delta = 0;
    int lost = 0;
    int counted = 0;
    double nowMs = nowMicros / 1000.0;
    long probeBps = -1;
    for (int i = 0; i < fb.packetStatusCount(); i++) {
      long seq = base + i;
      int slot = (int) (seq & (HISTORY - 1));
      boolean known = seq >= 0 && seq < nextSeq && sentSeq[slot] == seq;
      boolean received = fb.wasReceived(i);
      if (received) {
        if (delta >= fb.receivedDeltasQuarterMs().size()) break; // malformed: fewer deltas than receptions
        arrivalTicks += fb.receivedDeltasQuarterMs().get(delta++);
      }
      if (!known) {
        unknown++;
        continue;
      }
      if (seq <= highestAcked) continue; // reported before (a repeated feedback)
      counted++;
      if (!received) {
        lost++;
        continue;
      }
      highestAcked = seq;
      double arrivalMs = arrivalTicks / 4.0;
      acked.onAcked(arrivalMs, sizes[slot]);
      if (sentCluster[slot] >= 0) {
        long r = probeResults.onAcked(sentCluster[slot], sentUs[slot] / 1000.0, arrivalMs, sizes[slot]);
        if (r > 0) probeBps = r;
      }
      onArrival(sentUs[slot] / 1000.0, arrivalMs, nowMs);
    }
    if (counted > 0) {
      // packets reported lost and then found later are not revisited: the ratio is per feedback
      loss.onPackets(lost, counted, nowMs);
    }
    long delayBased;
    if (probeBps > estimate && detector.state() != BandwidthUsage.OVERUSING) {
      delayBased = aimd.setEstimate(probeBps, nowMs);
      loss.raiseTo(delayBased);
      probeRaises++;
    } else {
      delayBased = aimd.update(detector.state(), acked.bps(), nowMs);
    }
    loss.capTo(delayBased);
    estimate = Math.max(minBps, Math.min(maxBps, Math.min(delayBased, loss.rate())));
    if (probing) {
      if (probeBps > 0) prober.onResult(probeBps, estimate, nowMs);
      prober.onEstimate(estimate, detector.state(), nowMs);
    }
  }

  /**
   * The padding, in bytes, to send now so that the running probe cluster keeps its rate (0 when
   * none runs). The caller sends it as padding packets, each through {@link #onPacketSent}.
   */
  public int probeBytesDue(long nowMicros) {
    return probing ? pacer.bytesDue(nowMicros) : 0;
  }

  /** The most worth probing for (what the subscriber's tracks could use); 0: up to the maximum. */
  public void probeLimit(long bps) {
    prober.limit(bps);
  }

  /** Probe clusters started so far. */
  public long probeClusters() { return pacer.clusters(); }

  /** Probe results that lifted the estimate. */
  public long probeRaises() { return probeRaises; }

  private void onArrival(double sendMs, double arrivalMs, double nowMs) {
    if (Double.isNaN(groupFirstSendMs)) {
      startGroup(sendMs, arrivalMs);
      return;
    }
    if (sendMs - groupFirstSendMs <= BURST_MS) { // same burst
      groupLastSendMs = Math.max(groupLastSendMs, sendMs);
      groupLastArrivalMs = Math.max(groupLastArrivalMs, arrivalMs);
      return;
    }
    if (!Double.isNaN(prevGroupSendMs)) {
      double sendDelta = groupLastSendMs - prevGroupSendMs;
      double arrivalDelta = groupLastArrivalMs - prevGroupArrivalMs;
      trendline.update(arrivalDelta - sendDelta, groupLastArrivalMs);
      detector.detect(trendline.modifiedTrend(), sendDelta, nowMs);
    }
    prevGroupSendMs = groupLastSendMs;
    prevGroupArrivalMs = groupLastArrivalMs;
    startGroup(sendMs, arrivalMs);
  }

  private void startGroup(double sendMs, double arrivalMs) {
    groupFirstSendMs = sendMs;
    groupLastSendMs = sendMs;
    groupLastArrivalMs = arrivalMs;
  }

  /** What the server may send this subscriber now, in bits per second. */
  public long estimateBps() { return estimate; }

  /** The rate the subscriber acknowledged over the last half second (0 while unknown). */
  public long ackedBps() { return acked.bps(); }

  /** The delay detector's last verdict. */
  public BandwidthUsage usage() { return detector.state(); }

  /** The loss ratio of the last batch of reported packets. */
  public double lossRatio() { return loss.lastLossRatio(); }

  /** Feedback packets applied. */
  public long feedbacks() { return feedbacks; }

  /** Reported sequence numbers the server never sent or no longer remembers. */
  public long unknownPackets() { return unknown; }

  /** Packets sent so far (the next transport-wide sequence number, unwrapped). */
  public long packetsSent() { return nextSeq; }
}
