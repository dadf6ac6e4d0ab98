package org.telerounds.recorder.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The bounded local directory where finished segments wait for upload, named by their object key.
 * A segment being written is {@code <key>.part}; {@link #commit} renames it atomically once it is
 * complete and synced, so after a crash every file without {@code .part} is whole. When the
 * directory holds {@code maxBytes}, new segments are refused (and counted by the caller), never
 * the ones already waiting. Everything in it is owner-only: directories 0700, files 0600, set at
 * creation ({@link PrivateFiles}); a spool directory an older version left open to others is
 * tightened at start ({@link #tightened}).
 */
public final class Spool {
  static final String PART = ".part";
  private final Path dir;
  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();

  private final boolean tightened;

  public Spool(Path dir, long maxBytes) throws IOException {
    this.dir = PrivateFiles.createDirectories(dir);
    this.maxBytes = maxBytes;
    this.tightened = PrivateFiles.narrow(dir);
  }

  /** Whether the spool directory was open to other users and has been made 0700. */
  public boolean tightened() {
    return tightened;
  }

  /** Where to write the segment with this key while it grows. */
  public Path partFor(String key) throws IOException {
    Path p = resolve(key + PART);
    PrivateFiles.createDirectories(p.getParent());
    return p;
  }

  /** Makes a finished segment ready for upload; false if the spool is full (the file is deleted). */
  public boolean commit(Path part, String key) throws IOException {
    long size = Files.size(part);
    if (bytes.get() + size > maxBytes) {
      Files.deleteIfExists(part);
      return false;
    }
    Files.move(part, resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    bytes.addAndGet(size);
    return true;
  }

  /** Writes a small ready-made object (metadata) straight into the spool. */
  public void putBytes(String key, byte[] data) throws IOException {
    Path part = partFor(key);
    try (var ch = PrivateFiles.openForWrite(part)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
      while (b.hasRemaining()) ch.write(b);
    }
    Files.move(part, resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    bytes.addAndGet(data.length);
  }

  public Path pathOf(String key) {
    return resolve(key);
  }

  /** Removes an uploaded file. */
  public void remove(String key) throws IOException {
    Path p = resolve(key);
    long size = Files.exists(p) ? Files.size(p) : 0;
    if (Files.deleteIfExists(p)) bytes.addAndGet(-size);
  }

  /** Bytes waiting for upload. */
  public long bytes() {
    return bytes.get();
  }

  /**
   * After a restart: deletes the segments that were being written when the process died (at most
   * one per track) and returns the keys of the whole files still waiting, oldest first.
   */
  public List<String> recover() throws IOException {
    List<Path> ready = new ArrayList<>();
    int partial = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (p.getFileName().toString().endsWith(PART)) {
          Files.delete(p);
          partial++;
        } else {
          ready.add(p);
        }
      }
    }
    ready.sort(Comparator.comparing((Path p) -> {
      try {
        return Files.getLastModifiedTime(p).toMillis();
      } catch (IOException e) {
        return 0L;
      }
    }).thenComparing(Path::toString));
    long total = 0;
    List<String> keys = new ArrayList<>();
    for (Path p : ready) {
      total += Files.size(p);
      keys.add(dir.relativize(p).toString().replace('\\', '/'));
    }
    bytes.set(total);
    lastRecoveredPartials = partial;
    return keys;
  }

  private int lastRecoveredPartials;

  /** How many partial segments the last {@link #recover} deleted. */
  public int recoveredPartials() {
    return lastRecoveredPartials;
  }

  private Path resolve(String key) {
    Path p = dir.resolve(key).normalize();
    if (!p.startsWith(dir)) throw new IllegalArgumentException("object key escapes the spool: " + key);
    return p;
  }
}
