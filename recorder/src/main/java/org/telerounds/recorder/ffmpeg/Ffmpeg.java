package org.telerounds.recorder.ffmpeg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs ffmpeg ({@link FfmpegLocator} chose which) for remuxing, compositing and checking
 * recordings; the binary is verified before every run ({@link FfmpegBinary#verify}). Blocking; the
 * recorder's finishing thread calls it.
 */
public final class Ffmpeg {
  private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d+):(\\d+)\\.(\\d+)");
  private static final Pattern STREAM = Pattern.compile("Stream #\\d+:\\d+.*?: (Audio|Video): (\\w+)");
  private final FfmpegBinary binary;

  /** What ffmpeg found in a file: its duration and its streams as "video:h264", "audio:opus". */
  public record Probe(long durationMillis, List<String> streams) {}

  public Ffmpeg(FfmpegBinary binary) {
    this.binary = binary;
  }

  public FfmpegBinary binary() {
    return binary;
  }

  /**
   * Runs ffmpeg with {@code args} once the binary passed its check; throws with the last lines of
   * its output on failure, or saying why the binary was refused.
   */
  public String run(List<String> args, long timeoutSeconds) throws IOException {
    binary.verify();
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.path().toString());
    cmd.add("-hide_banner");
    cmd.add("-nostdin");
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out;
    try {
      out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ffmpeg took longer than " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      String tail = text.length() > 600 ? text.substring(text.length() - 600) : text;
      throw new IOException("ffmpeg failed (exit " + p.exitValue() + "): " + tail.strip());
    }
    return text;
  }

  /** Reads a file's duration and streams (what ffprobe would say), by decoding it to nowhere. */
  public Probe probe(String file) throws IOException {
    String text = run(List.of("-i", file, "-f", "null", "-"), 300);
    long dur = -1;
    Matcher m = DURATION.matcher(text);
    if (m.find()) {
      dur = (Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 1000
          + Long.parseLong((m.group(4) + "00").substring(0, 3));
    }
    List<String> streams = new ArrayList<>();
    Matcher s = STREAM.matcher(text.substring(0, Math.max(0, text.indexOf("Stream mapping"))));
    while (s.find()) streams.add(s.group(1).toLowerCase() + ":" + s.group(2));
    return new Probe(dur, streams);
  }
}
