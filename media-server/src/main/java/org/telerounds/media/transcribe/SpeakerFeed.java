package org.telerounds.media.transcribe;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.telerounds.media.audio.FrameSource;
import org.telerounds.media.audio.OpusStreamDecoder;
import org.telerounds.media.audio.Pcm;
import org.telerounds.media.rtp.RtpHeader;

/**
 * One published Opus track feeding one {@link TranscriptionStream}. {@link #offer} runs on the
 * media event loop: it copies the payload into a bounded queue (full: the packet is dropped and
 * counted as {@code drops{kind=packet}}) and schedules a drain; it never blocks. The queue holds as
 * much audio as the stream's ({@code queue-chunks}, one 20 ms packet per chunk): the drain shares
 * the recognition threads with decoding, so when they stall (a decoder loading its model, a busy
 * machine) captions lag and catch up rather than lose words to a smaller hand-off in front.
 *
 * <p>The drain runs on
 * the recognition threads, one at a time per feed: packets go through an {@link OpusStreamDecoder}
 * (jitter buffer, FEC, PLC) and each 20 ms frame goes to the stream with its time on the round's
 * clock. Frames are released as soon as {@value #JITTER_FRAMES} newer frames are buffered, paced
 * by RTP timestamps rather than a timer, so a feed needs no scheduler and costs nothing when idle.
 */
final class SpeakerFeed implements AutoCloseable {
  static final int JITTER_FRAMES = 3;
  static final int CAPACITY_FRAMES = 50;
  private static final int FRAME_TS = Pcm.FRAME_SAMPLES; // 20 ms at 48 kHz

  private record Packet(int seq, long timestamp, byte[] payload, long roundMillis) {}

  private final TranscriptionStream stream;
  private final Executor executor;
  private final TranscriptionMetrics metrics;
  private final ArrayBlockingQueue<Packet> queue;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final OpusStreamDecoder decoder = new OpusStreamDecoder(JITTER_FRAMES, CAPACITY_FRAMES);
  private final float[] frame = new float[Pcm.FRAME_SAMPLES];
  private final short[] pcm = new short[Pcm.FRAME_SAMPLES];
  private volatile boolean closeRequested;
  private boolean finished;
  // RTP timestamp pacing, on the drain thread only
  private boolean anchored;
  private long anchorTs;
  private long anchorRound;
  private long highestTs;
  private long nextTs;

  /** {@code capacity}: packets the hand-off queue holds (the stream's {@code queue-chunks}). */
  SpeakerFeed(TranscriptionStream stream, Executor executor, TranscriptionMetrics metrics, int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.stream = stream;
    this.executor = executor;
    this.metrics = metrics;
  }

  TranscriptionStream stream() {
    return stream;
  }

  /** On the media loop: copies the Opus payload of {@code b[off, off+len)}; never blocks. */
  void offer(byte[] b, int off, int len, long roundMillis) {
    if (closeRequested) {
      return;
    }
    int hdr = RtpHeader.headerLength(b, off, len);
    int end = len - RtpHeader.paddingLength(b, off, len);
    if (hdr < 0 || end <= hdr) {
      return; // malformed or padding only
    }
    byte[] payload = java.util.Arrays.copyOfRange(b, off + hdr, off + end);
    Packet p = new Packet(RtpHeader.sequenceNumber(b, off, len), RtpHeader.timestamp(b, off, len), payload, roundMillis);
    if (queue.offer(p)) {
      schedule();
    } else {
      metrics.dropped(TranscriptionMetrics.DropKind.PACKET);
    }
  }

  /** Packets waiting to be decoded. */
  int queued() {
    return queue.size();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) { // the executor is shut down
        scheduled.set(false);
        queue.clear();
        stream.close();
      }
    }
  }

  private void drain() {
    try {
      if (finished) {
        queue.clear();
        return;
      }
      Packet p;
      for (int budget = 50; budget > 0 && (p = queue.poll()) != null; budget--) {
        accept(p);
      }
      if (closeRequested && queue.isEmpty()) {
        release(Long.MIN_VALUE); // what the jitter buffer still holds
        finished = true;
        decoder.close();
        stream.close(); // the open utterance gets its final
      }
    } finally {
      scheduled.set(false);
      if (!finished && (!queue.isEmpty() || closeRequested)) {
        schedule();
      }
    }
  }

  private void accept(Packet p) {
    if (!anchored || Math.abs(diff(p.timestamp, highestTs)) > (long) CAPACITY_FRAMES * FRAME_TS) {
      // first packet, or a jump (a pause, a restarted sender): start again from this packet
      if (anchored) {
        release(Long.MIN_VALUE);
        decoder.reset();
      }
      anchored = true;
      anchorTs = p.timestamp;
      anchorRound = p.roundMillis;
      highestTs = p.timestamp;
      nextTs = p.timestamp;
    }
    // The round time of RTP time 0 is the earliest any packet implies: packets held up on the way
    // (a burst after connection set-up) would otherwise put every caption late.
    anchorRound = Math.min(anchorRound, p.roundMillis - diff(p.timestamp, anchorTs) / 48);
    if (diff(p.timestamp, nextTs) < 0) {
      return; // its frame was already played (the decoder would count it late)
    }
    decoder.offer(p.seq, p.payload);
    if (diff(p.timestamp, highestTs) > 0) {
      highestTs = p.timestamp;
    }
    release((long) JITTER_FRAMES * FRAME_TS);
  }

  /** Plays frames while more than {@code keep} RTP ticks of newer audio are buffered. */
  private void release(long keep) {
    while (anchored && (keep == Long.MIN_VALUE ? diff(highestTs, nextTs) >= 0 : diff(highestTs, nextTs) >= keep)) {
      FrameSource src = decoder.nextFrame(frame);
      if (src == FrameSource.SILENCE) {
        if (keep != Long.MIN_VALUE) {
          return; // playout has not started yet
        }
      } else {
        for (int i = 0; i < pcm.length; i++) {
          pcm[i] = Pcm.toShort(frame[i]);
        }
        stream.accept48k(pcm, 0, pcm.length, anchorRound + diff(nextTs, anchorTs) / 48);
      }
      nextTs = (nextTs + FRAME_TS) & 0xffffffffL;
    }
  }

  /** Signed difference of two 32-bit RTP timestamps. */
  private static long diff(long a, long b) {
    return (int) (a - b);
  }

  /**
   * Stops the feed: queued packets and the jitter buffer are still decoded, then the stream is
   * closed on the recognition thread (its open utterance gets a final). Returns at once.
   */
  @Override
  public void close() {
    if (closeRequested) {
      return;
    }
    closeRequested = true;
    schedule();
  }
}
