package org.telerounds.media.sfu;

import org.telerounds.media.rtcp.RtcpPacket.ReportBlock;

/**
 * Receive statistics of one incoming RTP stream as RFC 3550 Appendix A defines them: extended
 * highest sequence, loss (cumulative and per interval), interarrival jitter and LSR/DLSR, enough
 * to write the report block of a receiver report to the publisher.
 */
final class ReceiveStats {
  private final long ssrc;
  private final int clockRate;
  private boolean started;
  private int baseSeq;
  private int maxSeq;
  private int cycles;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double jitter;
  private long lastTransit;
  private long lastSrMiddle;
  private long lastSrArrivalMillis;

  ReceiveStats(long ssrc, int clockRate) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
  }

  void onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
    if (!started) {
      started = true;
      baseSeq = seq;
      maxSeq = seq;
    } else {
      int delta = (seq - maxSeq) & 0xFFFF;
      if (delta > 0 && delta < 0x8000) {
        if (seq < maxSeq) cycles += 0x10000;
        maxSeq = seq;
      }
    }
    received++;
    long arrivalTs = arrivalNanos / 1_000_000L * clockRate / 1000L;
    long transit = arrivalTs - rtpTimestamp;
    if (received > 1) {
      long d = Math.abs(transit - lastTransit);
      jitter += (d - jitter) / 16.0;
    }
    lastTransit = transit;
  }

  void onSenderReport(long ntpTimestamp, long arrivalMillis) {
    lastSrMiddle = (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
    lastSrArrivalMillis = arrivalMillis;
  }

  boolean hasData() { return started; }

  ReportBlock reportBlock(long nowMillis) {
    long extMax = cycles + maxSeq;
    long expected = extMax - baseSeq + 1;
    long lost = Math.max(0, expected - received);
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    long dlsr = lastSrArrivalMillis == 0 ? 0 : (nowMillis - lastSrArrivalMillis) * 65536 / 1000;
    return new ReportBlock(ssrc, Math.min(fraction, 255), (int) Math.min(lost, 0x7FFFFF), extMax & 0xFFFFFFFFL,
        (long) jitter, lastSrMiddle, dlsr);
  }
}
