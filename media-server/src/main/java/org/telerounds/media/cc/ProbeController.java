package org.telerounds.media.cc;

import java.util.function.LongConsumer;

/**
 * Decides when to probe and how high, as libwebrtc's probe controller does in essence:
 * <ul>
 *   <li>at the start (the first packet sent), two clusters at {@value #FIRST_SCALE} and
 *       {@value #SECOND_SCALE} times the start estimate;</li>
 *   <li>further: while a probe's result reaches {@value #FURTHER_THRESHOLD} of the highest rate
 *       asked for, another at {@value #FURTHER_SCALE} times the result (exponential search), until
 *       a result falls short, none comes within {@value #RESULT_TIMEOUT_MS} ms, or the limit is
 *       reached;</li>
 *   <li>periodically: every {@value #PERIOD_MS} ms at {@value #FURTHER_SCALE} times the estimate,
 *       while the delay-based detector says normal and the estimate has not fallen for
 *       {@value #STABLE_MS} ms. The estimate grows only slowly by itself past what the link last
 *       carried, and not at all while the sender is application-limited; this finds a link that
 *       has grown within a period.</li>
 * </ul>
 * Rates asked for are capped at the limit ({@link #limit}: the most worth probing for, at most the
 * estimate's maximum), and none is asked for once the estimate is there. Time comes in as
 * arguments; the clusters go to the consumer given (the {@link ProbePacer}).
 */
final class ProbeController {
  static final double FIRST_SCALE = 3;
  static final double SECOND_SCALE = 6;
  static final double FURTHER_SCALE = 2;
  static final double FURTHER_THRESHOLD = 0.7;
  static final long RESULT_TIMEOUT_MS = 1000;
  static final long PERIOD_MS = 5000;
  static final long STABLE_MS = 2000;
  /** A fall of the estimate below this fraction of the one before counts as a fall. */
  private static final double FALL = 0.95;

  private final LongConsumer probe;
  private final long maxBps;
  private long limitBps;
  private boolean started;
  private boolean waiting;
  private long waitingForBps; // the highest rate asked for in this search
  private double askedMs = Double.NEGATIVE_INFINITY;
  private double lastFallMs = Double.NEGATIVE_INFINITY;
  private long lastEstimate;

  ProbeController(long maxBps, LongConsumer probe) {
    this.maxBps = maxBps;
    this.limitBps = maxBps;
    this.probe = probe;
  }

  /** The most worth probing for (what the subscriber's tracks could use); 0 or less: the maximum. */
  void limit(long bps) {
    limitBps = bps <= 0 ? maxBps : Math.min(bps, maxBps);
  }

  /** The first packet leaves at {@code nowMs} with the estimate at {@code estimateBps}: the initial probes. */
  void onStart(long estimateBps, double nowMs) {
    if (started) return;
    started = true;
    lastEstimate = estimateBps;
    ask(estimateBps, FIRST_SCALE * estimateBps, nowMs);
    ask(estimateBps, SECOND_SCALE * estimateBps, nowMs);
  }

  /** A probe cluster measured {@code bps}: probe further if it came near what was asked for. */
  void onResult(long bps, long estimateBps, double nowMs) {
    if (!waiting) return;
    if (bps >= FURTHER_THRESHOLD * waitingForBps && bps < limitBps) {
      if (!ask(estimateBps, FURTHER_SCALE * bps, nowMs)) waiting = false;
    } else {
      waiting = false;
    }
  }

  /** After each feedback: the estimate now and the delay detector's verdict (time-outs, periodic probes). */
  void onEstimate(long estimateBps, BandwidthUsage usage, double nowMs) {
    if (estimateBps < FALL * lastEstimate) lastFallMs = nowMs;
    lastEstimate = estimateBps;
    if (waiting && nowMs - askedMs > RESULT_TIMEOUT_MS) waiting = false;
    if (!started || waiting || usage != BandwidthUsage.NORMAL) return;
    if (nowMs - askedMs >= PERIOD_MS && nowMs - lastFallMs >= STABLE_MS) {
      ask(estimateBps, FURTHER_SCALE * estimateBps, nowMs);
    }
  }

  /** Whether a search waits for a result. */
  boolean waiting() { return waiting; }

  private boolean ask(long estimateBps, double bps, double nowMs) {
    long target = (long) Math.min(bps, limitBps);
    if (target <= estimateBps) return false;
    probe.accept(target);
    waitingForBps = waiting ? Math.max(waitingForBps, target) : target; // a new search starts afresh
    waiting = true;
    askedMs = nowMs;
    return true;
  }
}
