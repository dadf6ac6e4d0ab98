package org.telerounds.recorder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The recorder's meters: segments, bytes, drops, write failures and gaps, uploads, rounds by
 * status and the spool. Labels are fixed words.
 */
public final class RecorderMetrics {
  private final Counter segments;
  private final Counter bytes;
  private final Counter segmentDrops;
  private final Counter packetDrops;
  private final Counter packetsAfterRound;
  private final Counter writeFailures;
  private final Counter uploads;
  private final Counter uploadFailures;
  private final Counter rounds;
  private final Counter roundsWithGaps;
  private final Counter roundsIncomplete;
  private final Counter gaps;
  private final MeterRegistry registry;

  public RecorderMetrics(MeterRegistry registry) {
    this.registry = registry;
    segments = Counter.builder("telerounds_recorder_segments").description("segments written").register(registry);
    bytes = Counter.builder("telerounds_recorder_bytes").description("bytes written to segments").register(registry);
    segmentDrops = Counter.builder("telerounds_recorder_drops").tag("what", "segment")
        .description("segments dropped because the spool was full").register(registry);
    packetDrops = Counter.builder("telerounds_recorder_drops").tag("what", "packet")
        .description("packets dropped because the writer queue was full").register(registry);
    writeFailures = Counter.builder("telerounds_recorder_write_failures")
        .description("failed segment, round.json or transcript writes (each try counts)").register(registry);
    gaps = Counter.builder("telerounds_recorder_gaps")
        .description("gaps opened in a track's recording by a failed write or a full spool").register(registry);
    packetsAfterRound = Counter.builder("telerounds_recorder_drops").tag("what", "after-round")
        .description("packets of a room whose round had ended (in flight while everyone left)").register(registry);
    uploads = Counter.builder("telerounds_recorder_uploads").tag("result", "ok").register(registry);
    uploadFailures = Counter.builder("telerounds_recorder_uploads").tag("result", "failed").register(registry);
    rounds = Counter.builder("telerounds_recorder_rounds").tag("status", "complete").register(registry);
    roundsWithGaps = Counter.builder("telerounds_recorder_rounds").tag("status", "complete-with-gaps").register(registry);
    roundsIncomplete = Counter.builder("telerounds_recorder_rounds").tag("status", "incomplete").register(registry);
  }

  void gauges(Supplier<Number> spoolBytes, Supplier<Number> backlog, Supplier<Number> storeUp, Supplier<Number> queue) {
    Gauge.builder("telerounds_recorder_spool_bytes", spoolBytes).register(registry);
    Gauge.builder("telerounds_recorder_upload_backlog", backlog).register(registry);
    Gauge.builder("telerounds_recorder_store_up", storeUp).register(registry);
    Gauge.builder("telerounds_recorder_queue_depth", queue).register(registry);
  }

  public void segmentWritten(long size) {
    segments.increment();
    bytes.increment(size);
  }

  public void segmentDropped() { segmentDrops.increment(); }

  public void packetDropped() { packetDrops.increment(); }

  public void packetAfterRound() { packetsAfterRound.increment(); }

  public void writeFailed() { writeFailures.increment(); }

  public void uploaded(boolean ok) { (ok ? uploads : uploadFailures).increment(); }

  public void gapOpened() { gaps.increment(); }

  /** A round's manifest was written with {@code status} complete, complete-with-gaps or incomplete. */
  public void roundFinished(String status) {
    (status.equals("complete") ? rounds : status.equals("incomplete") ? roundsIncomplete : roundsWithGaps).increment();
  }
}
