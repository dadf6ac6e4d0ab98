package org.telerounds.recorder.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates the recorder's local files owner-only: directories {@code rwx------} (0700) and files
 * {@code rw-------} (0600), with the permissions given at creation (no window in which another
 * user could open them, whatever the umask). Spool and work files hold plaintext patient media.
 */
public final class PrivateFiles {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} and any missing parents as 0700 (existing ones are left as they are). */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return dir;
    return POSIX ? Files.createDirectories(dir, attr(DIR)) : Files.createDirectories(dir);
  }

  /** A fresh 0700 directory with a random name under {@code parent}. */
  public static Path createTempDirectory(Path parent, String prefix) throws IOException {
    createDirectories(parent);
    return POSIX ? Files.createTempDirectory(parent, prefix, attr(DIR)) : Files.createTempDirectory(parent, prefix);
  }

  /** Opens {@code file} for writing from the start, created 0600 if missing. */
  public static FileChannel openForWrite(Path file) throws IOException {
    Set<StandardOpenOption> opts = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    return POSIX ? FileChannel.open(file, opts, attr(FILE)) : FileChannel.open(file, opts);
  }

  /** Creates an empty 0600 file, or leaves an existing one (e.g. for a tool that then writes into it). */
  public static Path createFile(Path file) throws IOException {
    openForWrite(file).close();
    return file;
  }

  /** Writes {@code data} into {@code file} (created 0600) and syncs it. */
  public static void write(Path file, byte[] data) throws IOException {
    try (FileChannel ch = openForWrite(file)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
      while (b.hasRemaining()) ch.write(b);
      ch.force(true);
    }
  }

  /**
   * Whether group or others may read, write or enter {@code p}. Used at start-up to tighten a spool
   * or work directory made by an older version.
   */
  public static boolean openToOthers(Path p) throws IOException {
    if (!POSIX) return false;
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
    perms.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE));
    return !perms.isEmpty();
  }

  /** Makes an existing directory 0700 (for directories created by older versions). */
  public static void restrict(Path dir) throws IOException {
    if (POSIX) Files.setPosixFilePermissions(dir, DIR);
  }

  private static FileAttribute<Set<PosixFilePermission>> attr(Set<PosixFilePermission> p) {
    return PosixFilePermissions.asFileAttribute(p);
  }
}
