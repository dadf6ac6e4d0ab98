package org.telerounds.media.pace;

import io.netty.buffer.ByteBuf;
import java.util.function.LongSupplier;

/**
 * One subscriber's token-bucket pacer. Packets are handed in with a {@link Priority}; audio leaves
 * at once (it never waits behind video) but its bytes are charged to the budget like the rest; the
 * other classes wait in a FIFO queue each and leave in priority order while the budget allows.
 *
 * <p>Budget. It fills at the pacing rate (set from the estimate, {@link #rate}) and holds at most
 * {@value #WINDOW_MS} ms of it, so an idle pacer cannot send a burst; a packet may leave while the
 * budget is above zero and takes it below (so one packet always fits). Audio can drive it down to
 * at most {@value #MAX_DEBT_MS} ms of debt.
 *
 * <p>Bounded queue delay. When the oldest waiting packet has waited long, the pacer sends faster:
 * at the rate that empties the queue by the time that packet reaches {@code maxQueueDelay}, and
 * everything at once past it. So no packet waits (much) longer than {@code maxQueueDelay}, and a
 * keyframe burst that the estimate cannot carry in time is spread over that delay instead of
 * dropped. A queue already holding {@code maxPackets} refuses what comes (counted by the sink);
 * with the bound above it is only reached by a flood.
 *
 * <p>A rate of 0 means unpaced: everything leaves at once (a subscriber without feedback, or whose
 * feedback stopped). Owns every queued buffer until the sink takes it; {@link #close} releases
 * them. Not thread-safe: one event loop drives it.
 */
public final class Pacer implements AutoCloseable {
  /** In order: what leaves first. */
  public enum Priority {
    /** Never queued; charged to the budget. */
    AUDIO("audio"),
    RETRANSMISSION("rtx"),
    VIDEO_BASE("video_base"),
    VIDEO_UPPER("video_upper");

    /** For metric labels. */
    public final String label;

    Priority(String label) { this.label = label; }
  }

  /** Where packets go when they leave, and hears of the ones refused. */
  public interface Sink {
    /** Sends {@code buf} (ownership passes) that waited {@code queuedNanos} in the pacer. */
    void send(ByteBuf buf, long ssrc, Priority priority, long queuedNanos);

    /** The queue was full: {@code priority}'s packet was released unsent. */
    void refused(Priority priority);
  }

  /** Settings: {@code maxQueueDelayNanos} bounds the wait; {@code maxPackets} the queue's length. */
  public record Settings(long maxQueueDelayNanos, int maxPackets) {
    public Settings {
      if (maxQueueDelayNanos < 1_000_000) throw new IllegalArgumentException("maxQueueDelay below 1 ms");
      if (maxPackets < 16) throw new IllegalArgumentException("maxPackets below 16");
    }
  }

  static final int WINDOW_MS = 5;
  static final int MAX_DEBT_MS = 100;
  private static final Priority[] PRIORITIES = Priority.values();
  private static final int CLASSES = PRIORITIES.length;

  private final Sink sink;
  private final LongSupplier nanoTime;
  private final Settings settings;
  private final Ring[] queues = new Ring[CLASSES];
  private long rateBps;
  private double budgetBytes;
  private long lastRefillNanos;
  private int queuedPackets;
  private long queuedBytes;
  private long boosts;
  private boolean closed;

  public Pacer(Sink sink, LongSupplier nanoTime, Settings settings) {
    this.sink = sink;
    this.nanoTime = nanoTime;
    this.settings = settings;
    for (int i = 1; i < CLASSES; i++) queues[i] = new Ring();
    this.lastRefillNanos = nanoTime.getAsLong();
  }

  /** Sets the pacing rate in bits per second; 0 sends everything at once (and drains the queue). */
  public void rate(long bps) {
    rateBps = Math.max(0, bps);
    if (rateBps == 0) budgetBytes = 0;
    process();
  }

  public long rateBps() { return rateBps; }

  /**
   * Takes ownership of {@code buf} (an RTP packet for {@code ssrc}): audio, or anything while
   * unpaced, is sent now; the rest waits its turn.
   */
  public void enqueue(ByteBuf buf, long ssrc, Priority priority) {
    if (closed) {
      buf.release();
      return;
    }
    if (rateBps == 0) {
      sink.send(buf, ssrc, priority, 0);
      return;
    }
    if (priority == Priority.AUDIO) {
      budgetBytes = Math.max(budgetBytes - buf.readableBytes(), -debtLimit());
      sink.send(buf, ssrc, priority, 0);
      return;
    }
    if (queuedPackets >= settings.maxPackets()) {
      buf.release();
      sink.refused(priority);
      return;
    }
    queues[priority.ordinal()].add(buf, ssrc, nanoTime.getAsLong());
    queuedPackets++;
    queuedBytes += buf.readableBytes();
    process();
  }

  /**
   * Sends what the budget allows now (call every few ms, after the rate changes, and it is called
   * after each enqueue). The budget fills here only, at the pacing rate or, while the queue delay
   * nears its bound, at the rate that keeps it.
   */
  public void process() {
    long now = nanoTime.getAsLong();
    long dt = Math.max(0, now - lastRefillNanos);
    lastRefillNanos = now;
    if (closed || queuedPackets == 0) {
      refill(dt, rateBps);
      return;
    }
    long left = settings.maxQueueDelayNanos() - (now - oldestEnqueuedNanos());
    if (rateBps == 0 || left <= 0) {
      if (rateBps != 0) boosts++;
      release(Long.MAX_VALUE, now);
      return;
    }
    long effective = rateBps;
    double needed = queuedBytes * 8e9 / left; // empties the queue before its oldest packet reaches the bound
    if (needed > effective) {
      effective = (long) needed;
      boosts++;
    }
    refill(dt, effective);
    while (queuedPackets > 0 && budgetBytes > 0) sendOne(now);
  }

  /**
   * Sends queued packets in priority order, regardless of the budget, until {@code maxBytes} have
   * left or the queue is empty; returns the bytes sent (a probe cluster takes media before padding).
   */
  public int flush(int maxBytes) {
    if (closed || queuedPackets == 0 || maxBytes <= 0) return 0;
    return (int) release(maxBytes, nanoTime.getAsLong());
  }

  private long release(long maxBytes, long now) {
    long sent = 0;
    while (queuedPackets > 0 && sent < maxBytes) sent += sendOne(now);
    return sent;
  }

  private int sendOne(long now) {
    for (int c = 1; c < CLASSES; c++) {
      Ring q = queues[c];
      if (q.size == 0) continue;
      long at = q.headTime();
      long ssrc = q.headSsrc();
      ByteBuf buf = q.poll();
      int n = buf.readableBytes();
      queuedPackets--;
      queuedBytes -= n;
      budgetBytes -= n;
      sink.send(buf, ssrc, PRIORITIES[c], now - at);
      return n;
    }
    return 0;
  }

  private void refill(long dtNanos, long bps) {
    if (bps == 0) return;
    budgetBytes = Math.min(bps * WINDOW_MS / 8e3, budgetBytes + bps * dtNanos / 8e9);
  }

  private double debtLimit() { return rateBps * MAX_DEBT_MS / 8e3; }

  private long oldestEnqueuedNanos() {
    long oldest = Long.MAX_VALUE;
    for (int c = 1; c < CLASSES; c++) if (queues[c].size > 0) oldest = Math.min(oldest, queues[c].headTime());
    return oldest;
  }

  /** Packets waiting now. */
  public int queuedPackets() { return queuedPackets; }

  /** Bytes waiting now. */
  public long queuedBytes() { return queuedBytes; }

  /** How long the oldest waiting packet has waited, in ns (0 when none waits). */
  public long queueDelayNanos() {
    return queuedPackets == 0 ? 0 : nanoTime.getAsLong() - oldestEnqueuedNanos();
  }

  /** Times the pacer sent faster than its rate to keep the queue delay bounded. */
  public long boosts() { return boosts; }

  /** Releases every waiting buffer unsent; later packets are released at once. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    for (int c = 1; c < CLASSES; c++) {
      Ring q = queues[c];
      while (q.size > 0) q.poll().release();
    }
    queuedPackets = 0;
    queuedBytes = 0;
  }

  /** A growable FIFO of (buffer, ssrc, time) in parallel arrays: no allocation per packet. */
  private static final class Ring {
    private ByteBuf[] bufs = new ByteBuf[32];
    private long[] ssrcs = new long[32];
    private long[] times = new long[32];
    private int head;
    private int size;

    void add(ByteBuf b, long ssrc, long t) {
      if (size == bufs.length) grow();
      int i = (head + size) & (bufs.length - 1);
      bufs[i] = b;
      ssrcs[i] = ssrc;
      times[i] = t;
      size++;
    }

    long headTime() { return times[head]; }

    long headSsrc() { return ssrcs[head]; }

    ByteBuf poll() {
      ByteBuf b = bufs[head];
      bufs[head] = null;
      head = (head + 1) & (bufs.length - 1);
      size--;
      return b;
    }

    private void grow() {
      int n = bufs.length;
      ByteBuf[] b = new ByteBuf[n * 2];
      long[] s = new long[n * 2];
      long[] t = new long[n * 2];
      for (int i = 0; i < size; i++) {
        int j = (head + i) & (n - 1);
        b[i] = bufs[j];
        s[i] = ssrcs[j];
        t[i] = times[j];
      }
      bufs = b;
      ssrcs = s;
      times = t;
      head = 0;
    }
  }
}
