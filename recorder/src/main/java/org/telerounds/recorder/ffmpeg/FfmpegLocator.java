package org.telerounds.recorder.ffmpeg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the ffmpeg to run ({@code telerounds.recorder.ffmpeg}): {@code auto} takes the system's
 * from the PATH when there is one and otherwise unpacks the bundled one; {@code system} refuses to
 * go on without the system's; {@code bundled} always unpacks the bundled one.
 */
public final class FfmpegLocator {
  /** Which ffmpeg may be used. */
  public enum Source {
    AUTO, SYSTEM, BUNDLED;

    /** From the config value ("auto", "system", "bundled"). */
    public static Source parse(String s) {
      return switch (s) {
        case "auto" -> AUTO;
        case "system" -> SYSTEM;
        case "bundled" -> BUNDLED;
        default -> throw new IllegalArgumentException("must be auto, system or bundled, not \"" + s + "\"");
      };
    }

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private FfmpegLocator() {}

  /**
   * @param pathEnv the PATH to search (the process's own in production)
   * @param privateParent where a private directory for the bundled ffmpeg is made
   */
  public static FfmpegBinary locate(Source source, String pathEnv, Path privateParent) throws IOException {
    if (source != Source.BUNDLED) {
      Optional<SystemFfmpeg> system = SystemFfmpeg.find(pathEnv);
      if (system.isPresent()) return system.get();
      if (source == Source.SYSTEM) {
        throw new IOException("telerounds.recorder.ffmpeg = system, but there is no ffmpeg on the PATH "
            + "(install Debian's: apt-get install ffmpeg)");
      }
    }
    return BundledFfmpeg.unpack(privateParent);
  }
}
