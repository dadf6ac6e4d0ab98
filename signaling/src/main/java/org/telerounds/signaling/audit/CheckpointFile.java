package org.telerounds.signaling.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.store.PrivateFiles;

/**
 * The local, append-only file of audit checkpoints ({@code telerounds.audit.checkpoint-file}),
 * one JSON line each, flushed to disk before {@link #append} returns; owner-only. It lives outside
 * the object store, so whoever rewrites the bucket cannot make it agree. A line whose signature
 * does not match is reported as tampering and ignored.
 *
 * <p>Only the latest checkpoint of each kind counts, so the file does not grow without bound: once
 * it passes {@link #DEFAULT_MAX_BYTES}, it is rewritten (atomically, synced) to those latest
 * authentic lines. A file with a line that is not authentic is never compacted: the evidence stays.
 */
final class CheckpointFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("audit");
  /** Size after which the file is compacted to its latest checkpoints (about 4,000 lines). */
  static final long DEFAULT_MAX_BYTES = 1 << 20;
  private final Path file;
  private final AuditKeyRing keys;
  private final long maxBytes;
  private FileChannel out;
  private boolean keptForEvidence;

  /** The latest authentic checkpoints of each kind, and how many lines were not authentic. */
  record Latest(Checkpoint head, Checkpoint verified, Checkpoint legacy, int forged) {}

  CheckpointFile(Path file, AuditKeyRing keys) {
    this(file, keys, DEFAULT_MAX_BYTES);
  }

  CheckpointFile(Path file, AuditKeyRing keys, long maxBytes) {
    this.file = file;
    this.keys = keys;
    this.maxBytes = maxBytes;
  }

  Path path() {
    return file;
  }

  boolean exists() {
    return Files.exists(file);
  }

  /** Reads the file (blocking); an absent file has no checkpoints. */
  Latest read(AuditKeyRing keys) throws IOException {
    if (!Files.exists(file)) return new Latest(null, null, null, 0);
    Checkpoint head = null;
    Checkpoint verified = null;
    Checkpoint legacy = null;
    int forged = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      Checkpoint c = Checkpoint.parse(line.getBytes(StandardCharsets.UTF_8));
      if (c == null || !c.authentic(keys)) {
        forged++;
        continue;
      }
      if (Checkpoint.HEAD.equals(c.kind())) head = Checkpoint.later(head, c);
      if (Checkpoint.VERIFIED.equals(c.kind())) verified = Checkpoint.later(verified, c);
      if (Checkpoint.LEGACY.equals(c.kind())) legacy = c; // written once; the last line stands
    }
    if (forged > 0) {
      LOG.error("audit log: {} line(s) of the checkpoint file {} are not signed by an audit key: it was altered",
          forged, file);
    }
    return new Latest(head, verified, legacy, forged);
  }

  /** Appends one checkpoint and flushes it to disk (blocking); compacts a file that grew too large. */
  synchronized void append(Checkpoint c) throws IOException {
    if (out == null) out = PrivateFiles.openForAppend(file);
    out.write(ByteBuffer.wrap((c.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
    out.force(false);
    if (out.size() > maxBytes && !keptForEvidence) compact();
  }

  private void compact() throws IOException {
    Latest latest = read(keys);
    if (latest.forged() > 0) {
      keptForEvidence = true; // read() logged it; the altered file is kept as it is
      LOG.error("audit log: the checkpoint file {} is not compacted, to keep the altered lines as evidence", file);
      return;
    }
    StringBuilder text = new StringBuilder();
    for (Checkpoint k : new Checkpoint[] {latest.legacy(), latest.verified(), latest.head()}) {
      if (k != null) text.append(k.toJson()).append('\n');
    }
    out.close();
    out = null;
    PrivateFiles.writeAtomically(file, text.toString());
    LOG.info("audit log: checkpoint file compacted to its latest checkpoints");
  }

  @Override
  public synchronized void close() {
    if (out == null) return;
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("audit log: closing the checkpoint file failed: {}", e.toString());
    }
    out = null;
  }
}
