package org.telerounds.recorder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.telerounds.media.transcribe.Caption;
import org.telerounds.media.transcribe.Speaker;
import org.telerounds.recorder.round.RoundInfo;

/**
 * The process {@link RecorderCrashIT} kills: a recorder with the embedded S3 server, fed a round
 * of real Opus, VP8 and H.264 in real time, and a final caption every 2 s, until it is killed.
 * Args: work directory, seconds.
 */
public final class CrashingRound {
  /** When (ms into the round) a final caption comes. */
  static final Long[] CAPTION_AT = {2000L, 4000L, 6000L, 8000L, 10000L, 12000L, 14000L, 16000L, 18000L};

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
    // a final caption every 2 s, as signaling relays them (the transcript clock starts with the round)
    feed.play(recorder, () -> System.currentTimeMillis() - start, RecorderIT.marks(CAPTION_AT), at -> {
      int n = (int) (at / 2000);
      recorder.caption("ward5-bed3", start, new Caption(new Speaker("p1", "mic:patient", "Bedside"), Caption.Kind.FINAL,
          n, "caption number " + n, at - 1500, at - 100, List.of()));
    });
    Thread.sleep(Long.MAX_VALUE);
  }
}
