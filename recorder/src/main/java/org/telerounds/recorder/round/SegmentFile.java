package org.telerounds.recorder.round;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A segment being written: counts its bytes and hashes them (SHA-256) on the way to disk. */
final class SegmentFile extends OutputStream {
  private final FileOutputStream file;
  private final BufferedOutputStream out;
  private final MessageDigest sha256;
  private final Path path;
  private long size;

  SegmentFile(Path path) throws IOException {
    this.path = path;
    this.file = new FileOutputStream(path.toFile());
    this.out = new BufferedOutputStream(file, 64 * 1024);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
    file.getFD().sync();
    out.close();
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Closes without keeping (the file is left for the caller to delete). */
  void abandon() {
    try {
      out.close();
    } catch (IOException e) {
      // abandoning
    }
  }
}
