package org.telerounds.recorder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.telerounds.recorder.round.RoundInfo;

/**
 * The process {@link RecorderCrashIT} kills: a recorder with the embedded S3 server, fed a round
 * of real Opus, VP8 and H.264 in real time until it is killed. Args: work directory, seconds.
 */
public final class CrashingRound {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    double seconds = Double.parseDouble(args[1]);
    RecorderIT it = new RecorderIT();
    it.tmp = dir.resolve("media");
    java.nio.file.Files.createDirectories(it.tmp);
    RecorderConfig c = RecorderCrashIT.config(dir, Duration.ofSeconds(4));
    Recorder recorder = Recorder.start(c, Clock.systemUTC(), new SimpleMeterRegistry());
    RecorderIT.Feed feed = it.feed("ward5-bed3", seconds);
    recorder.roundStarted(new RoundInfo("ward5-bed3", "cart-0107", "st-elsewhere", "icu-3"));
    System.out.println("FEEDING");
    System.out.flush();
    long start = System.currentTimeMillis();
    feed.play(recorder, () -> System.currentTimeMillis() - start, RecorderIT.marks(), at -> { });
    Thread.sleep(Long.MAX_VALUE);
  }
}
