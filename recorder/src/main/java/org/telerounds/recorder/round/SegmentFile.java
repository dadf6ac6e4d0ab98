package org.telerounds.recorder.round;

import java.io.BufferedOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.telerounds.recorder.store.PrivateFiles;
import org.telerounds.recorder.store.Sha256;

/**
 * A segment being written: counts its bytes and hashes them (SHA-256) on the way to disk. The file
 * is created owner-only (0600).
 */
final class SegmentFile extends OutputStream {
  private final FileChannel file;
  private final BufferedOutputStream out;
  private final MessageDigest sha256;
  private final Path path;
  private long size;

  SegmentFile(Path path) throws IOException {
    this.path = path;
    this.file = PrivateFiles.openForWrite(path);
    this.out = new BufferedOutputStream(Channels.newOutputStream(file), 64 * 1024);
    this.sha256 = Sha256.digest();
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    size += len;
  }

  long size() {
    return size;
  }

  Path path() {
    return path;
  }

  /** Flushes, syncs to disk and closes; returns the hex SHA-256 of everything written. */
  String finish() throws IOException {
    out.flush();
    file.force(true);
    out.close();
    return Sha256.hex(sha256);
  }

  /** Closes without keeping (the file is left for the caller to delete). */
  void abandon() {
    try {
      out.close();
    } catch (IOException e) {
      // abandoning: the buffered bytes cannot be written either
      try {
        file.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }
}
