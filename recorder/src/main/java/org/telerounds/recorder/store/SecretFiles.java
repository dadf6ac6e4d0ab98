package org.telerounds.recorder.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner-only files for secrets: a private directory ({@code rwx------}) and files written
 * {@code rw-------} from their creation (never briefly world-readable), flushed to disk and moved
 * into place atomically, so a crash leaves the old file or the new one, never half a key.
 * On a file system without POSIX permissions the directory's own access control has to do.
 */
public final class SecretFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private SecretFiles() {}

  /**
   * Creates {@code dir} (and its parents) owner-only, or narrows an existing one to owner-only;
   * returns true when it had to narrow it (the caller warns).
   */
  public static boolean privateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
        return false;
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir);
        return false;
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(dir)) throw new IOException(dir + " exists and is not a directory");
      }
    }
    return narrow(dir, DIR);
  }

  /** Narrows an existing file to owner-only; true when it had been readable by others. */
  public static boolean ownerOnly(Path file) throws IOException {
    return narrow(file, FILE);
  }

  private static boolean narrow(Path p, Set<PosixFilePermission> wanted) throws IOException {
    try {
      Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
      if (now.stream().noneMatch(OTHERS::contains)) return false;
      Files.setPosixFilePermissions(p, wanted);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /** Writes {@code text} to {@code file} owner-only and atomically, replacing what was there. */
  public static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
