package org.telerounds.recorder.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner-only local files, for everything telerounds keeps that other users must not read: the
 * recorder's spool and work files (plaintext patient media), the embedded store's secrets and the
 * audit log's key and checkpoint files. Directories are {@code rwx------} (0700) and files
 * {@code rw-------} (0600), with the permissions given at creation (no window in which another
 * user could open them, whatever the umask); {@link #narrow} tightens one found wider. On a file
 * system without POSIX permissions the directory's own access control has to do.
 */
public final class PrivateFiles {
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /** Creates {@code dir} and any missing parents, all 0700 (existing ones are left as they are). */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return dir;
    return posix(dir) ? Files.createDirectories(dir, attr(DIR)) : Files.createDirectories(dir);
  }

  /**
   * Creates {@code dir} 0700 if it is missing (missing parents get the usual mode); an existing one,
   * or null, is left as it is.
   */
  public static void createDirectory(Path dir) throws IOException {
    if (dir == null || Files.isDirectory(dir)) return;
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try {
      if (posix(dir)) {
        Files.createDirectory(dir, attr(DIR));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) throw new IOException(dir + " exists and is not a directory");
    }
  }

  /** A fresh 0700 directory with a random name under {@code parent}. */
  public static Path createTempDirectory(Path parent, String prefix) throws IOException {
    createDirectories(parent);
    return posix(parent) ? Files.createTempDirectory(parent, prefix, attr(DIR))
        : Files.createTempDirectory(parent, prefix);
  }

  /** Opens {@code file} for writing from the start, created 0600 if missing. */
  public static FileChannel openForWrite(Path file) throws IOException {
    return open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING));
  }

  /** Opens {@code file} for appending, created 0600 if missing (its directory 0700 if missing). */
  public static FileChannel openForAppend(Path file) throws IOException {
    createDirectory(file.toAbsolutePath().getParent());
    return open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  /** Creates an empty 0600 file (an existing one is emptied), e.g. for a tool that then writes into it. */
  public static Path createFile(Path file) throws IOException {
    openForWrite(file).close();
    return file;
  }

  /** Creates {@code file} 0600 holding {@code text} (UTF-8), synced to disk; fails if it exists. */
  public static void createNew(Path file, String text) throws IOException {
    try (FileChannel ch = open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      writeFully(ch, text);
    }
  }

  /**
   * Replaces {@code file} with {@code text} (UTF-8) atomically: written 0600 into a temporary file
   * next to it, synced, then moved into place, so a crash leaves the old file or the new one, never
   * half a key.
   */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.toAbsolutePath().getParent().resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    createNew(tmp, text);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Takes every permission of group and others from {@code p} (a directory becomes 0700); returns
   * true when there were any, for the caller to warn. Used at start-up on directories and files
   * made by older versions or by hand.
   */
  public static boolean narrow(Path p) throws IOException {
    if (!posix(p)) return false;
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
    if (perms.stream().noneMatch(OTHERS::contains)) return false;
    if (Files.isDirectory(p)) {
      perms = DIR;
    } else {
      perms.removeAll(OTHERS);
    }
    Files.setPosixFilePermissions(p, perms);
    return true;
  }

  private static FileChannel open(Path file, Set<StandardOpenOption> opts) throws IOException {
    return posix(file) ? FileChannel.open(file, opts, attr(FILE)) : FileChannel.open(file, opts);
  }

  private static void writeFully(FileChannel ch, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) ch.write(b);
    ch.force(true);
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<Set<PosixFilePermission>> attr(Set<PosixFilePermission> p) {
    return PosixFilePermissions.asFileAttribute(p);
  }
}
