package org.telerounds.media.cc;

/**
 * What a probe cluster says about the link: every packet sent while a cluster ran carries its id,
 * and once the subscriber's feedback has acknowledged at least {@value #MIN_ACKED_RATIO} of the
 * cluster's packets and bytes (and at least {@value #MIN_PACKETS} packets), the rate is the
 * smaller of the send rate (bytes over the span from the first to the last packet sent, less the
 * last one's size) and the receive rate (the same over the arrivals, less the first arrival's
 * size). A receive rate below {@value #SATURATED_RATIO} of the send rate means the link was full:
 * the result is then {@value #TARGET_UTILIZATION} of the receive rate. Spans of zero or over a
 * second, and a receive rate over {@value #MAX_RECEIVE_TO_SEND} times the send rate (arrivals
 * bunched by something else), give no result. libwebrtc's probe bitrate estimator works the same
 * way. Keeps the last {@value #SLOTS} clusters in fixed arrays: no allocation per packet.
 */
final class ProbeResultEstimator {
  static final int SLOTS = 8;
  static final int MIN_PACKETS = 5;
  static final double MIN_ACKED_RATIO = 0.8;
  static final double MAX_RECEIVE_TO_SEND = 2.0;
  static final double SATURATED_RATIO = 0.9;
  static final double TARGET_UTILIZATION = 0.95;
  static final double MAX_SPAN_MS = 1000;

  private final int[] ids = new int[SLOTS];
  private final int[] sentPackets = new int[SLOTS];
  private final long[] sentBytes = new long[SLOTS];
  private final int[] ackedPackets = new int[SLOTS];
  private final long[] ackedBytes = new long[SLOTS];
  private final double[] firstSendMs = new double[SLOTS];
  private final double[] lastSendMs = new double[SLOTS];
  private final int[] lastSendSize = new int[SLOTS];
  private final double[] firstArrivalMs = new double[SLOTS];
  private final double[] lastArrivalMs = new double[SLOTS];
  private final int[] firstArrivalSize = new int[SLOTS];

  ProbeResultEstimator() {
    java.util.Arrays.fill(ids, -1);
  }

  /** A packet of {@code size} bytes left as part of cluster {@code id} (ids only grow). */
  void onSent(int id, int size) {
    int s = slot(id, true);
    if (s < 0) return;
    sentPackets[s]++;
    sentBytes[s] += size;
  }

  /**
   * The feedback acknowledged a packet of cluster {@code id}: returns the cluster's rate in bit/s
   * as far as it is known now, or -1 while there is no valid result.
   */
  long onAcked(int id, double sendMs, double arrivalMs, int size) {
    int s = slot(id, false);
    if (s < 0) return -1;
    if (ackedPackets[s]++ == 0) {
      firstSendMs[s] = sendMs;
      lastSendMs[s] = sendMs;
      lastSendSize[s] = size;
      firstArrivalMs[s] = arrivalMs;
      lastArrivalMs[s] = arrivalMs;
      firstArrivalSize[s] = size;
    } else {
      if (sendMs < firstSendMs[s]) firstSendMs[s] = sendMs;
      if (sendMs >= lastSendMs[s]) {
        lastSendMs[s] = sendMs;
        lastSendSize[s] = size;
      }
      if (arrivalMs < firstArrivalMs[s]) {
        firstArrivalMs[s] = arrivalMs;
        firstArrivalSize[s] = size;
      }
      if (arrivalMs > lastArrivalMs[s]) lastArrivalMs[s] = arrivalMs;
    }
    ackedBytes[s] += size;
    return rate(s);
  }

  private long rate(int s) {
    if (ackedPackets[s] < MIN_PACKETS || ackedPackets[s] < MIN_ACKED_RATIO * sentPackets[s]
        || ackedBytes[s] < MIN_ACKED_RATIO * sentBytes[s]) {
      return -1;
    }
    double sendSpan = lastSendMs[s] - firstSendMs[s];
    double receiveSpan = lastArrivalMs[s] - firstArrivalMs[s];
    if (!(sendSpan > 0 && sendSpan <= MAX_SPAN_MS && receiveSpan > 0 && receiveSpan <= MAX_SPAN_MS)) return -1;
    double sendBps = (ackedBytes[s] - lastSendSize[s]) * 8000.0 / sendSpan;
    double receiveBps = (ackedBytes[s] - firstArrivalSize[s]) * 8000.0 / receiveSpan;
    if (receiveBps > MAX_RECEIVE_TO_SEND * sendBps) return -1;
    double bps = receiveBps < SATURATED_RATIO * sendBps ? TARGET_UTILIZATION * receiveBps : Math.min(sendBps, receiveBps);
    return (long) bps;
  }

  /** The slot of cluster {@code id}: a newer id takes over its slot when {@code claim}; -1 for a forgotten one. */
  private int slot(int id, boolean claim) {
    if (id < 0) return -1;
    int s = id % SLOTS;
    if (ids[s] == id) return s;
    if (!claim || id < ids[s]) return -1;
    ids[s] = id;
    sentPackets[s] = 0;
    sentBytes[s] = 0;
    ackedPackets[s] = 0;
    ackedBytes[s] = 0;
    return s;
  }
}
