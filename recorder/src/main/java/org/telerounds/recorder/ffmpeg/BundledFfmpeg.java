package org.telerounds.recorder.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import org.telerounds.recorder.store.PrivateFiles;
import org.telerounds.recorder.store.Sha256;

/**
 * The ffmpeg that JAVE bundles in its jar, unpacked into a fresh directory with a random name
 * that only this user can enter (0700; the file 0700 too, created so). Its SHA-256 is taken from
 * the jar resource while unpacking, and the file is hashed again before every run: a binary that
 * was replaced or changed is refused, never run. Nothing is reused from an earlier process.
 */
final class BundledFfmpeg implements FfmpegBinary {
  private final Path dir;
  private final Path path;
  private final String sha256;

  private BundledFfmpeg(Path dir, Path path, String sha256) {
    this.dir = dir;
    this.path = path;
    this.sha256 = sha256;
  }

  /** The jar resource for this machine's architecture. */
  static String resource() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String name = switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
    return "/ws/schild/jave/nativebin/ffmpeg-" + name;
  }

  /** Unpacks the bundled ffmpeg into a new private directory under {@code parent}. */
  static BundledFfmpeg unpack(Path parent) throws IOException {
    String resource = resource();
    Path dir = PrivateFiles.createTempDirectory(parent, "ffmpeg-");
    Path file = dir.resolve("ffmpeg");
    MessageDigest d = Sha256.digest();
    try (InputStream in = BundledFfmpeg.class.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("no bundled ffmpeg for this machine (" + resource + " is not on the class path)");
      try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
          OutputStream out = Channels.newOutputStream(ch)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          d.update(buf, 0, n);
          out.write(buf, 0, n);
        }
        ch.force(true);
      }
    } catch (IOException e) {
      deleteTree(dir);
      throw e;
    }
    return new BundledFfmpeg(dir, file, Sha256.hex(d));
  }

  @Override
  public Path path() {
    return path;
  }

  /** The SHA-256 of the jar resource (what the file must hash to). */
  String expectedSha256() {
    return sha256;
  }

  @Override
  public void verify() throws IOException {
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("refusing to run the bundled ffmpeg: " + path + " is no longer a plain file");
    }
    if (SystemFfmpeg.writableByOthers(dir) || !Files.getPosixFilePermissions(dir).equals(
        PosixFilePermissions.fromString("rwx------"))) {
      throw new IOException("refusing to run the bundled ffmpeg: its directory " + dir + " is no longer private (0700)");
    }
    String actual = sha256(path);
    if (!actual.equals(sha256)) {
      throw new IOException("refusing to run the bundled ffmpeg at " + path + ": it was modified (SHA-256 " + actual
          + ", the jar's is " + sha256 + ")");
    }
  }

  /** The file's SHA-256; a symbolic link in its place is refused, not followed. */
  static String sha256(Path file) throws IOException {
    return Sha256.of(file, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public String describe() {
    return "the bundled ffmpeg (JAVE), unpacked to " + path + " and checked against SHA-256 " + sha256;
  }

  @Override
  public void close() {
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the directory is private and has a random name
    }
  }
}
