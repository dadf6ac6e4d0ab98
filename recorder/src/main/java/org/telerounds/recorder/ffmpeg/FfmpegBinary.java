package org.telerounds.recorder.ffmpeg;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An ffmpeg executable the recorder may run, and the check made before each run. Closing it
 * removes what was unpacked for it (nothing for the system's ffmpeg).
 */
public interface FfmpegBinary extends AutoCloseable {
  /** The executable. */
  Path path();

  /** Throws, saying why, when the executable must not be run (modified, replaced, writable by others). */
  void verify() throws IOException;

  /** For the log: which ffmpeg this is. */
  String describe();

  @Override
  void close();
}
