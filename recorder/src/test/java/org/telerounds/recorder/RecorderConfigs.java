package org.telerounds.recorder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.telerounds.recorder.archive.RetentionPolicy;

/** Recorder configurations for tests: everything under {@code dir}, embedded store on a free port. */
final class RecorderConfigs {
  private RecorderConfigs() {}

  static RecorderConfig of(Path dir, Duration segment, String endpoint, RecorderConfig.Encryption encryption) {
    return of(dir, segment, endpoint, encryption, 8192);
  }

  static RecorderConfig of(Path dir, Duration segment, String endpoint, RecorderConfig.Encryption encryption,
      int queuePackets) {
    return new RecorderConfig(true, segment, dir.resolve("spool"), 256L << 20, queuePackets, endpoint, "us-east-1",
        "recordings", "it-access", "it-secret-key", dir.resolve("s3"), 0, true, Duration.ofMinutes(2), encryption, "",
        dir.resolve("s3.key"), Duration.ofMinutes(5), new RetentionPolicy(Period.ofYears(30), List.of()),
        dir.resolve("secrets"), Duration.ofSeconds(1),
        org.telerounds.recorder.ffmpeg.FfmpegLocator.Source.AUTO);
  }
}
