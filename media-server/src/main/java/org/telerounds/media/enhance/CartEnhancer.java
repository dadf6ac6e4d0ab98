package org.telerounds.media.enhance;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.telerounds.media.audio.FrameSource;
import org.telerounds.media.audio.OpusFrameEncoder;
import org.telerounds.media.audio.OpusStreamDecoder;
import org.telerounds.media.audio.Pcm;

/**
 * The live enhancer of one cart: Opus {@code mic:patient} + {@code mic:room} in, Opus
 * {@code voice:enhanced} out.
 *
 * <p>Threading contract. {@link #onPacket} may be called from the SFU's media event loop: it only
 * copies the payload and offers it to a bounded queue (full queue: the packet is dropped and
 * counted in {@link #queueDrops}); it never blocks. Every 20 ms a tick on the scheduler drains
 * the queue into one {@link OpusStreamDecoder} per mic (jitter buffer, FEC, PLC), takes one frame
 * from each, runs the {@link EnhancementPipeline}, encodes with Opus and hands an
 * {@link EncodedFrame} to {@code out} on the scheduler thread (outside any lock). A mic that sent
 * nothing for {@value #STALE_MS} ms (by the injected clock) counts as absent; with neither mic
 * present nothing is emitted. {@link #setEnabled}, {@link #setPreset}, {@link #levels} and
 * {@link #close} may be called from any thread.
 *
 * <p>Ownership. With a caller's scheduler, the caller owns its threads; with
 * {@link #withOwnThread} the enhancer makes one daemon thread named {@code telerounds-enhance-N}
 * and stops it on close. Close frees the AudioProcessing native handle.
 */
public final class CartEnhancer implements AutoCloseable {
  static final String THREAD_PREFIX = "telerounds-enhance-";
  static final long STALE_MS = 500;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private record Inbound(boolean patient, int seq, byte[] payload) {}

  private final EnhancementConfig config;
  private final Clock clock;
  private final Consumer<EncodedFrame> out;
  private final ScheduledExecutorService ownScheduler;
  private final ArrayBlockingQueue<Inbound> queue;
  private final ReentrantLock work = new ReentrantLock();
  private final OpusStreamDecoder patientDecoder;
  private final OpusStreamDecoder roomDecoder;
  private final OpusFrameEncoder encoder;
  private final ScheduledFuture<?> ticks;
  private final float[] patient = new float[Pcm.FRAME_SAMPLES];
  private final float[] room = new float[Pcm.FRAME_SAMPLES];
  private final float[] output = new float[Pcm.FRAME_SAMPLES];
  private final AtomicLong queueDrops = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private EnhancementPipeline pipeline;
  private volatile EnhancementPreset pendingPreset;
  private volatile boolean enabled;
  private volatile boolean closed;
  private volatile EnhancementLevels levels = EnhancementLevels.SILENT;
  private long lastPatientMs = Long.MIN_VALUE / 2;
  private long lastRoomMs = Long.MIN_VALUE / 2;
  private long rtpTimestamp;
  private long sequence;

  /**
   * Starts an enhancer whose ticks run on {@code scheduler} (shared; not shut down by close).
   *
   * @param preset the cart's preset ({@code none}: pass the patient mic through)
   * @param config jitter, delay, queue and codec settings, and whether enhancement starts on
   * @param clock decides when a mic is stale
   * @param scheduler runs the 20 ms ticks; null to tick only through {@link #processTick} (tests, benchmarks)
   * @param out receives each encoded frame on the tick thread
   */
  public CartEnhancer(EnhancementPreset preset, EnhancementConfig config, Clock clock,
      ScheduledExecutorService scheduler, Consumer<EncodedFrame> out) {
    this(preset, config, clock, scheduler, null, out);
  }

  private CartEnhancer(EnhancementPreset preset, EnhancementConfig config, Clock clock,
      ScheduledExecutorService scheduler, ScheduledExecutorService own, Consumer<EncodedFrame> out) {
    this.config = config;
    this.clock = clock;
    this.out = out;
    this.ownScheduler = own;
    this.enabled = config.enabled();
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.patientDecoder = new OpusStreamDecoder(config.jitterFrames(), config.jitterCapacityFrames(), config.opusLibrary());
    this.roomDecoder = new OpusStreamDecoder(config.jitterFrames(), config.jitterCapacityFrames(), config.opusLibrary());
    this.encoder = new OpusFrameEncoder(config.opusBitrateBps(), config.opusComplexity(), config.opusLibrary());
    this.pipeline = newPipeline(preset);
    this.rtpTimestamp = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 32);
    this.ticks = scheduler == null ? null
        : scheduler.scheduleAtFixedRate(this::tickSafely, 20, 20, TimeUnit.MILLISECONDS);
  }

  /** Starts an enhancer with its own tick thread, stopped by {@link #close}. */
  public static CartEnhancer withOwnThread(EnhancementPreset preset, EnhancementConfig config,
      Clock clock, Consumer<EncodedFrame> out) {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_PREFIX + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    return new CartEnhancer(preset, config, clock, s, s, out);
  }

  private EnhancementPipeline newPipeline(EnhancementPreset preset) {
    EnhancementPipeline p = new EnhancementPipeline(preset, config.maxMicDelayMs(), config.alarmTonesHz());
    p.setEnabled(enabled);
    return p;
  }

  /**
   * Hands over one RTP Opus payload of {@code role} ({@code mic:patient} or {@code mic:room}).
   * Copies {@code buf[off..off+len)} and returns at once; the caller keeps its buffer. Returns
   * false, and takes nothing, for any other role (e.g. {@code audio:stethoscope}), after close,
   * or when the queue is full.
   */
  public boolean onPacket(String role, byte[] buf, int off, int len, int seq, long rtpTimestamp) {
    if (closed || !EnhancementPolicy.processes(role)) {
      refused.incrementAndGet();
      return false;
    }
    byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
    if (!queue.offer(new Inbound(EnhancementPolicy.PATIENT.equals(role), seq & 0xffff, copy))) {
      queueDrops.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Switches enhancement for the room on or off; off forwards the patient mic re-encoded. */
  public void setEnabled(boolean on) {
    enabled = on;
  }

  public boolean isEnabled() { return enabled; }

  /** Switches to another preset from the next tick on (a fresh pipeline; the old one is freed). */
  public void setPreset(EnhancementPreset preset) {
    pendingPreset = preset;
  }

  /** Latest input and output levels, for the expert page. */
  public EnhancementLevels levels() { return levels; }

  /** Packets dropped because the queue was full. */
  public long queueDrops() { return queueDrops.get(); }

  /** Packets refused (wrong role or closed). */
  public long refusedPackets() { return refused.get(); }

  /** Concealed (PLC) frames of the patient and room mics together. */
  public long concealedFrames() {
    return patientDecoder.concealedFrames() + roomDecoder.concealedFrames();
  }

  /** Lost frames of both mics rebuilt from Opus in-band FEC. */
  public long fecRecoveredFrames() {
    return patientDecoder.fecRecoveredFrames() + roomDecoder.fecRecoveredFrames();
  }

  private void tickSafely() {
    try {
      processTick();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the media loop that takes our frames has terminated: the server is closing, and so are we
      org.slf4j.LoggerFactory.getLogger("media.enhance").debug("enhancer tick after the media loop ended");
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger("media.enhance").warn("enhancer tick failed: {}", e.toString());
    }
  }

  /**
   * Runs one 20 ms tick now. The scheduler calls this; tests and benchmarks with no scheduler
   * call it themselves, from one thread.
   */
  public void processTick() {
    EncodedFrame frame = null;
    work.lock();
    try {
      if (closed) return;
      frame = tickLocked();
    } finally {
      work.unlock();
    }
    if (frame != null) out.accept(frame);
  }

  private EncodedFrame tickLocked() {
    EnhancementPreset next = pendingPreset;
    if (next != null) {
      pendingPreset = null;
      pipeline.close();
      pipeline = newPipeline(next);
    }
    pipeline.setEnabled(enabled);
    long now = clock.millis();
    for (Inbound p; (p = queue.poll()) != null; ) {
      if (p.patient()) {
        patientDecoder.offer(p.seq(), p.payload());
        lastPatientMs = now;
      } else {
        roomDecoder.offer(p.seq(), p.payload());
        lastRoomMs = now;
      }
    }
    boolean hasPatient = pull(patientDecoder, lastPatientMs, now, patient);
    boolean hasRoom = pull(roomDecoder, lastRoomMs, now, room);
    long ts = rtpTimestamp;
    rtpTimestamp = (rtpTimestamp + Pcm.FRAME_SAMPLES) & 0xffffffffL;
    if (!hasPatient && !hasRoom) {
      levels = EnhancementLevels.SILENT;
      return null;
    }
    if (hasPatient) {
      pipeline.process(patient, hasRoom ? room : null, output);
    } else {
      pipeline.process(room, null, output); // only the room mic is there: enhance it alone
    }
    levels = pipeline.levels();
    return new EncodedFrame(encoder.encode(output), ts, sequence++, pipeline.isEnabled());
  }

  private static boolean pull(OpusStreamDecoder d, long lastMs, long now, float[] into) {
    if (now - lastMs > STALE_MS) {
      if (d.isPlaying()) d.reset();
      return false;
    }
    return d.nextFrame(into) != FrameSource.SILENCE;
  }

  /** Added latency of the live path in ms: jitter buffer target + max alignment + Opus lookahead. */
  public double addedLatencyBoundMs() {
    return config.jitterFrames() * 20.0 + config.maxMicDelayMs()
        + encoder.lookaheadSamples() * 1000.0 / Pcm.SAMPLE_RATE;
  }

  /** True once closed and the native AudioProcessing freed. */
  public boolean isClosed() {
    return closed && pipeline.isClosed();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (ticks != null) ticks.cancel(false);
    work.lock();
    try {
      pipeline.close();
      patientDecoder.close();
      roomDecoder.close();
      encoder.close();
      queue.clear();
    } finally {
      work.unlock();
    }
    if (ownScheduler != null) {
      ownScheduler.shutdownNow();
      try {
        ownScheduler.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
