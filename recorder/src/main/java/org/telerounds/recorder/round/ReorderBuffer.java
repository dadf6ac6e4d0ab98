package org.telerounds.recorder.round;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.rtp.SequenceUnwrapper;

/**
 * Puts one track's RTP packets back in sequence order before depacketizing, so packets the SFU
 * recovered by NACK/RTX still land in their frame. A gap is waited for at most {@code maxWaitNanos}
 * (or {@code maxPackets} later packets), then skipped and reported as not contiguous.
 */
final class ReorderBuffer {
  /** A packet in order; {@code contiguous} is false after a skipped gap. */
  record Ordered(byte[] packet, long arrivalNanos, boolean contiguous) {}

  private record Held(byte[] packet, long arrivalNanos) {}

  private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
  private final TreeMap<Long, Held> held = new TreeMap<>();
  private final long maxWaitNanos;
  private final int maxPackets;
  private long next = Long.MIN_VALUE;
  private boolean gap;

  ReorderBuffer(long maxWaitNanos, int maxPackets) {
    this.maxWaitNanos = maxWaitNanos;
    this.maxPackets = maxPackets;
  }

  /** Adds a packet (owned by the buffer from now on) and releases what is in order. */
  void add(byte[] packet, long arrivalNanos, Consumer<Ordered> out) {
    long seq = unwrapper.unwrap(RtpHeader.sequenceNumber(packet, 0, packet.length));
    if (next == Long.MIN_VALUE) next = seq;
    if (seq < next) return; // too late, or a duplicate
    held.putIfAbsent(seq, new Held(packet, arrivalNanos));
    drain(arrivalNanos, out);
  }

  /** Releases what waited too long (call now and then, and at the end with force). */
  void drain(long nowNanos, Consumer<Ordered> out) {
    while (!held.isEmpty()) {
      Map.Entry<Long, Held> first = held.firstEntry();
      if (first.getKey() != next) {
        boolean stale = nowNanos - first.getValue().arrivalNanos() >= maxWaitNanos || held.size() >= maxPackets;
        if (!stale) return;
        next = first.getKey();
        gap = true;
      }
      held.pollFirstEntry();
      out.accept(new Ordered(first.getValue().packet(), first.getValue().arrivalNanos(), !gap));
      gap = false;
      next++;
    }
  }

  /** Releases everything still held, skipping gaps. */
  void flush(Consumer<Ordered> out) {
    drain(Long.MAX_VALUE, out);
  }

  /**
   * Packets were lost before they reached this buffer: releases what is held, and takes the next
   * packet that comes as the new start (marked not contiguous) instead of waiting for the lost ones.
   */
  void restartAfterLoss(Consumer<Ordered> out) {
    flush(out);
    next = Long.MIN_VALUE;
    gap = true;
  }
}
