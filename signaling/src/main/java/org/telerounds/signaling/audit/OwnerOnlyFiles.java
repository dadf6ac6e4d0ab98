package org.telerounds.signaling.audit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner-only directories ({@code rwx------}) and files ({@code rw-------}) for the audit key and
 * checkpoint files: created with those permissions (never briefly readable by others), or narrowed
 * when found wider. On a file system without POSIX permissions the directory's own access
 * control has to do.
 */
final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnlyFiles() {}

  /** Creates {@code dir} owner-only if missing (its parents as usual). */
  static void directory(Path dir) throws IOException {
    if (dir == null || Files.isDirectory(dir)) return;
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) throw new IOException(dir + " exists and is not a directory");
    }
  }

  /** Creates {@code file} owner-only with {@code content}, flushed to disk; fails if it exists. */
  static void create(Path file, byte[] content) throws IOException {
    try (var ch = Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(FILE))) {
      ch.write(java.nio.ByteBuffer.wrap(content));
      ((java.nio.channels.FileChannel) ch).force(true);
    } catch (UnsupportedOperationException e) {
      Files.write(file, content, StandardOpenOption.CREATE_NEW);
    }
  }

  /** Removes group and other permissions; true when there were any. */
  static boolean narrow(Path file) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.stream().noneMatch(OTHERS::contains)) return false;
      p.removeAll(OTHERS);
      Files.setPosixFilePermissions(file, p);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /** Opens {@code file} for appending, creating it owner-only if missing. */
  static java.nio.channels.FileChannel append(Path file) throws IOException {
    directory(file.toAbsolutePath().getParent());
    try {
      return java.nio.channels.FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(FILE));
    } catch (UnsupportedOperationException e) {
      return java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
  }
}
