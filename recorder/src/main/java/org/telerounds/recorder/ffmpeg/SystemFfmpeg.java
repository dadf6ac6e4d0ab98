package org.telerounds.recorder.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * The system's ffmpeg, found on the PATH (Debian's package: its security updates come with the
 * OS). Only absolute PATH entries are searched (an empty or relative entry would mean the working
 * directory). Before each run it is refused if it, or its directory, can be written by users other
 * than its owner.
 */
final class SystemFfmpeg implements FfmpegBinary {
  private final Path path;

  private SystemFfmpeg(Path path) {
    this.path = path;
  }

  /** The first executable {@code ffmpeg} on {@code pathEnv} (a PATH value), resolved to its real path. */
  static Optional<SystemFfmpeg> find(String pathEnv) {
    if (pathEnv == null) return Optional.empty();
    for (String entry : pathEnv.split(":")) {
      if (entry.isEmpty() || !entry.startsWith("/")) continue;
      Path candidate = Path.of(entry, "ffmpeg");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        try {
          return Optional.of(new SystemFfmpeg(candidate.toRealPath()));
        } catch (IOException e) {
          // vanished or unreadable: try the next entry
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void verify() throws IOException {
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(path)) {
      throw new IOException("ffmpeg at " + path + " is gone or not executable");
    }
    if (writableByOthers(path) || writableByOthers(path.getParent())) {
      throw new IOException("refusing to run ffmpeg at " + path + ": it or its directory is writable by other users");
    }
  }

  static boolean writableByOthers(Path p) throws IOException {
    if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) return false;
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
    return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
  }

  @Override
  public String describe() {
    return "the system's ffmpeg at " + path;
  }

  @Override
  public void close() {
    // the system's: nothing to remove
  }
}
