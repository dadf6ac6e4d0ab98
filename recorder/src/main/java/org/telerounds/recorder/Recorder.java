package org.telerounds.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.recorder.round.JournalEntry;
import org.telerounds.recorder.round.Participant;
import org.telerounds.recorder.round.RoundFinisher;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.recorder.round.RoundRecording;
import org.telerounds.recorder.round.RoundSummary;
import org.telerounds.recorder.store.EmbeddedS3;
import org.telerounds.recorder.store.EmbeddedStoreSecrets;
import org.telerounds.recorder.store.ObjectStore;
import org.telerounds.recorder.store.Spool;
import org.telerounds.recorder.store.StoreException;
import org.telerounds.recorder.store.Uploader;

/**
 * Records every round from the SFU's packet tap (docs/recording.md). The media loop only copies
 * each packet into a bounded queue (drops counted, and written to the track as a gap,
 * {@link QueueLosses}); one writer thread turns packets into segments;
 * an uploader thread moves finished segments from the spool to the object store; a finishing
 * thread makes each ended round's playable files and manifest. At start it uploads what a crash
 * left in the spool and finishes the rounds it left open, marked incomplete.
 */
public final class Recorder implements PacketTap, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("recorder");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecorderConfig config;
  private final Clock clock;
  private final RecorderMetrics metrics;
  private final EmbeddedS3 embedded;
  private final ObjectStore store;
  private final Spool spool;
  private final Uploader uploader;
  private final RoundFinisher finisher;
  private final org.telerounds.recorder.archive.RoundArchive archive;
  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedPackets = new AtomicInteger();
  private final QueueLosses losses = new QueueLosses();
  private final Map<String, RoundRecording> rounds = new HashMap<>(); // writer thread only
  /** Rounds being recorded or finished, by id (no manifest yet). */
  private final Map<String, RoundInProgress> openRounds = new java.util.concurrent.ConcurrentHashMap<>();

  /** A round being recorded or finished: listed to auditors before its manifest exists. */
  public record RoundInProgress(String roundId, String room, long startedMillis) {}
  private final ExecutorService finishing;
  private final Thread writer;
  private volatile boolean closed;

  private Recorder(RecorderConfig config, Clock clock, MeterRegistry registry, EmbeddedS3 embedded, ObjectStore store,
      Spool spool) {
    this.archive = new org.telerounds.recorder.archive.RoundArchive(store, store, config.retention(),
        config.downloadUrlTtl(), clock);
    this.config = config;
    this.clock = clock;
    this.metrics = new RecorderMetrics(registry);
    this.embedded = embedded;
    this.store = store;
    this.spool = spool;
    this.uploader = new Uploader(spool, store, metrics::uploaded);
    this.finisher = new RoundFinisher(store, uploader, config.spoolDir().resolveSibling(
        config.spoolDir().getFileName() + "-work"), config.composite(), config.finishTimeout(), config.ffmpeg(), clock);
    this.finishing = Executors.newSingleThreadExecutor(r -> daemon(r, "recorder-finish"));
    metrics.gauges(spool::bytes, uploader::backlog, () -> uploader.storeUp() ? 1 : 0, queuedPackets::get);
    this.writer = daemon(this::run, "recorder-writer");
    this.writer.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Starts the recorder: the embedded S3 server when no endpoint is configured, the bucket, the
   * spool (uploading what a crash left), and then finishing rounds a crash left open.
   */
  public static Recorder start(RecorderConfig config, Clock clock, MeterRegistry registry) throws IOException {
    EmbeddedS3 embedded = null;
    String endpoint = config.endpoint();
    EmbeddedStoreSecrets.Credentials keys = new EmbeddedStoreSecrets.Credentials(config.accessKey(),
        config.secretKey());
    if (config.embedded()) {
      boolean encrypt = config.encryption() != RecorderConfig.Encryption.NONE;
      EmbeddedStoreSecrets secrets = EmbeddedStoreSecrets.open(config.secretsDir());
      keys = config.accessKey().isEmpty() ? secrets.credentials()
          : new EmbeddedStoreSecrets.Credentials(config.accessKey(), config.secretKey());
      byte[] key = encrypt ? secrets.encryptionKey(config.embeddedKeyFile(), config.embeddedDir(),
          config.legacyKeyFiles()) : null;
      embedded = EmbeddedS3.start(config.embeddedDir(), config.embeddedPort(), keys.accessKey(), keys.secretKey(), key);
      endpoint = embedded.endpoint();
      LOG.info("recorder: embedded S3 server (S3Proxy) at {}, files under {}, {}", endpoint, config.embeddedDir(),
          encrypt ? "encrypted at rest with the key in " + config.embeddedKeyFile() : "NOT encrypted at rest");
    } else {
      LOG.info("recorder: object store {} bucket {}, encryption at rest: {}", endpoint, config.bucket(),
          config.encryption().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    if (config.encryption() == RecorderConfig.Encryption.NONE) {
      LOG.warn("recorder: encryption at rest is off (telerounds.recorder.storage.encryption = none)");
    }
    ObjectStore store = new ObjectStore(endpoint, config.region(), config.bucket(), keys.accessKey(),
        keys.secretKey(), config.embedded() ? null : sse(config));
    try {
      store.ensureBucket();
    } catch (StoreException e) {
      LOG.warn("recorder: object store not reachable at start; segments will spool until it is: {}", e.getMessage());
    }
    Spool spool = new Spool(config.spoolDir(), config.spoolMaxBytes());
    if (spool.tightened()) {
      LOG.warn("recorder: the spool directory {} was open to other users; it is now owner-only (0700)", config.spoolDir());
    }
    List<String> waiting = spool.recover();
    Recorder r = new Recorder(config, clock, registry, embedded, store, spool);
    if (spool.recoveredPartials() > 0) {
      LOG.warn("recorder: {} segment(s) were being written when the process stopped and are lost",
          spool.recoveredPartials());
    }
    waiting.forEach(r.uploader::submit);
    r.finishing.execute(r::finishLeftovers);
    return r;
  }

  private static io.minio.ServerSideEncryption sse(RecorderConfig c) {
    try {
      return switch (c.encryption()) {
        case SSE_S3 -> new io.minio.ServerSideEncryption.S3();
        case SSE_KMS -> new io.minio.ServerSideEncryption.KMS(c.kmsKeyId(), null);
        case NONE -> null;
      };
    } catch (io.minio.errors.MinioException e) {
      throw new IllegalArgumentException("telerounds.recorder.storage.kms-key-id: " + e.getMessage(), e);
    }
  }

  /** The rounds being recorded or finished now (no manifest yet). */
  public List<RoundInProgress> roundsInProgress() {
    return List.copyOf(openRounds.values());
  }

  /** The finished rounds: search, download links, legal holds, deletion. */
  public org.telerounds.recorder.archive.RoundArchive archive() {
    return archive;
  }

  /** The store the recorder writes to (for retrieval). */
  public ObjectStore store() {
    return store;
  }

  // ---- from signaling ----

  /** A round starts (or its details become known, e.g. the cart's ward). */
  public void roundStarted(RoundInfo info) {
    control(() -> {
      RoundRecording r = rounds.get(info.room());
      if (r == null) open(info, System.nanoTime()); else r.update(info);
    });
  }

  public void participantJoined(String room, Participant p) {
    control(() -> round(room).participant(p));
  }

  public void journal(String room, JournalEntry e) {
    control(() -> round(room).journal(e));
  }

  /**
   * The round's transcript, stored with the round as {@code transcripts/transcript.vtt} and
   * {@code transcripts/transcript.json} and listed in its manifest. Call before {@link #roundEnded}
   * (the two are handled in order); a room with no open round is ignored.
   */
  public void attachTranscript(String room, byte[] vtt, byte[] json) {
    control(() -> {
      RoundRecording r = rounds.get(room);
      if (r == null) return;
      r.attach("transcripts/transcript.vtt", vtt);
      r.attach("transcripts/transcript.json", json);
    });
  }

  /**
   * A live caption of the room's round (finals are kept, partials ignored), on the transcript clock
   * whose zero is {@code transcriptStartedMillis} (epoch ms). Finals are spooled as they come, so a
   * crash keeps the transcript up to the last few seconds; a room with no open round is ignored.
   */
  public void caption(String room, long transcriptStartedMillis, org.telerounds.media.transcribe.Caption c) {
    if (!c.isFinal()) return;
    control(() -> {
      RoundRecording r = rounds.get(room);
      if (r != null) r.caption(transcriptStartedMillis, c);
    });
  }

  /** The round ended (everyone left): its last segments are closed and it is finished. */
  public void roundEnded(String room) {
    for (QueueLosses.Loss loss : losses.takeRoom(room)) control(() -> missed(loss));
    control(() -> {
      RoundRecording r = rounds.remove(room);
      if (r == null) return;
      RoundSummary s = r.finish();
      finishing.execute(() -> finish(s, true));
    });
  }

  // ---- from the media loop ----

  @Override
  public void onRtp(TrackInfo track, byte[] b, int off, int len, long arrivalNanos) {
    if (queuedPackets.get() >= config.queuePackets()) {
      metrics.packetDropped();
      losses.dropped(track, arrivalNanos);
      return;
    }
    QueueLosses.Loss loss = losses.take(track);
    if (loss != null) control(() -> missed(loss));
    byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
    queuedPackets.incrementAndGet();
    queue.add(() -> {
      queuedPackets.decrementAndGet();
      // A round opens when someone joins (participantJoined/roundStarted), never from a packet: a
      // packet that was in flight when the room emptied must not open a second round that never ends.
      RoundRecording r = rounds.get(track.roomId());
      if (r != null) r.onPacket(track, copy, arrivalNanos); else metrics.packetAfterRound();
    });
  }

  @Override
  public void onTrackEnded(TrackInfo track) {
    QueueLosses.Loss loss = losses.take(track);
    if (loss != null) control(() -> missed(loss));
    control(() -> {
      RoundRecording r = rounds.get(track.roomId());
      if (r != null) r.trackEnded(track);
    });
  }

  private void missed(QueueLosses.Loss loss) {
    RoundRecording r = rounds.get(loss.track().roomId());
    if (r != null) r.missed(loss.track(), loss.fromNanos(), loss.packets(), QueueLosses.CAUSE);
  }

  /** Runs {@code task} on the writer thread, in order with the packets queued before it (tests use it to stall the writer). */
  void onWriterThread(Runnable task) {
    control(task);
  }

  private void control(Runnable r) {
    if (!closed) queue.add(r);
  }

  private RoundRecording round(String room) {
    RoundRecording r = rounds.get(room);
    return r != null ? r : open(RoundInfo.ofRoom(room), System.nanoTime());
  }

  private RoundRecording open(RoundInfo info, long nowNanos) {
    RoundRecording r = new RoundRecording(info, clock, nowNanos, spool, uploader, metrics,
        config.segmentLength().toNanos(), config.writeRetry().toNanos());
    rounds.put(info.room(), r);
    openRounds.put(r.roundId(), new RoundInProgress(r.roundId(), info.room(), r.startedMillis()));
    LOG.info("recording round {}", r.roundId());
    return r;
  }

  private void run() {
    long lastTick = System.nanoTime();
    while (!closed) {
      try {
        Runnable task = queue.poll(50, TimeUnit.MILLISECONDS);
        if (task != null) task.run();
        long now = System.nanoTime();
        if (now - lastTick >= 100_000_000L) {
          lastTick = now;
          for (RoundRecording r : rounds.values()) r.tick(now);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        metrics.writeFailed();
        LOG.error("recorder writer failed on one task", e);
      }
    }
  }

  private void finish(RoundSummary s, boolean complete) {
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          if (finisher.finish(s, complete)) {
            String status = RoundFinisher.status(s, complete);
            metrics.roundFinished(status);
            archive.manifestWritten(s.roundId());
            if (status.equals("complete")) LOG.info("round {} recorded", s.roundId());
            else LOG.warn("round {} recorded ({})", s.roundId(), status);
          }
          return;
        } catch (StoreException e) {
          if (attempt == FINISH_ATTEMPTS || closed) throw e;
          LOG.warn("round {}: the object store failed while finishing ({}); retrying", s.roundId(), e.getMessage());
          Thread.sleep(2000L * attempt);
        }
      }
    } catch (StoreException | IOException e) {
      LOG.error("round {} could not be finished (it is finished again at the next start): {}", s.roundId(),
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      openRounds.remove(s.roundId());
    }
  }

  private static final int FINISH_ATTEMPTS = 3;

  /** Rounds with a round.json but no manifest, not being recorded now: left by a crash. */
  private void finishLeftovers() {
    try {
      Set<String> withManifest = new HashSet<>();
      Map<String, String> roundJsons = new HashMap<>();
      for (ObjectStore.Entry e : store.list("rounds/")) {
        String[] parts = e.key().split("/");
        if (parts.length == 3 && parts[2].equals("manifest.json")) withManifest.add(parts[1]);
        if (parts.length == 3 && parts[2].equals("round.json")) roundJsons.put(parts[1], e.key());
      }
      for (Map.Entry<String, String> e : roundJsons.entrySet()) {
        if (withManifest.contains(e.getKey()) || openRounds.containsKey(e.getKey())) continue;
        JsonNode rj = JSON.readTree(store.get(e.getValue()));
        LOG.warn("round {} was open when the recorder stopped: finishing it as incomplete", e.getKey());
        finish(RoundFinisher.fromRoundJson(rj), false);
      }
    } catch (StoreException | IOException e) {
      LOG.warn("recorder: cannot look for rounds left open by a crash yet: {}", e.getMessage());
    }
  }

  /** Closes every open round's segments and waits up to {@code wait} for their finishing. */
  public void shutdown(Duration wait) {
    for (String room : List.copyOf(roomsSnapshot())) roundEnded(room);
    closeWhenDrained(wait);
  }

  private Set<String> roomsSnapshot() {
    java.util.concurrent.CompletableFuture<Set<String>> f = new java.util.concurrent.CompletableFuture<>();
    control(() -> f.complete(new HashSet<>(rounds.keySet())));
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Set.of();
    }
  }

  private void closeWhenDrained(Duration wait) {
    java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);
    control(drained::countDown);
    try {
      drained.await(wait.toMillis(), TimeUnit.MILLISECONDS);
      finishing.shutdown();
      finishing.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    writer.interrupt();
    finishing.shutdownNow();
    try {
      writer.join(2000);
      finishing.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finisher.close();
    uploader.close();
    store.close();
    if (embedded != null) embedded.close();
  }
}
