package org.telerounds.recorder.round;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says why a segment could not be written, in words fit for a manifest and a log line: the
 * operating system's reason ("No space left on device", "Too many open files",
 * "Input/output error") without the file's path, which names the room.
 */
final class WriteFault {
  private static final Pattern TRAILING_REASON = Pattern.compile(".*\\(([^()/]+)\\)\\s*$");

  private WriteFault() {}

  /** {@code write-failed: <reason>}. */
  static String cause(Exception e) {
    Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    return "write-failed: " + reason(t);
  }

  static String reason(Throwable t) {
    String reason = null;
    if (t instanceof FileSystemException f) {
      reason = f.getReason();
    } else if (t instanceof FileNotFoundException && t.getMessage() != null) {
      Matcher m = TRAILING_REASON.matcher(t.getMessage());
      if (m.matches()) reason = m.group(1);
    } else if (t instanceof IOException) {
      reason = t.getMessage();
    }
    if (reason == null || reason.isBlank() || reason.contains("/")) return t.getClass().getSimpleName();
    return reason.strip();
  }
}
