package org.telerounds.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.recorder.round.Participant;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.recorder.store.ObjectStore;

/**
 * A round is one stay in the room, from the first join to the room emptying. When everyone leaves,
 * the cart's last packets can still be on their way through the media loop (signaling tells the
 * recorder the round ended before the SFU has torn the cart's transports down). Such a packet must
 * not open a second round: that round would never end, and auditors would see two
 * {@code in-progress} rounds for one (RecordedRoundIT did, after LiveCaptionsIT in the same JVM).
 */
class RoundBoundaryIT {
  @TempDir
  Path tmp;

  @Test
  void aPacketAfterTheRoundEndedOpensNoSecondRound() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Recorder recorder = Recorder.start(RecorderConfigs.of(tmp, Duration.ofSeconds(1), "",
        RecorderConfig.Encryption.NONE), Clock.systemUTC(), registry)) {
      String room = "ward4-bed2";
      TrackInfo mic = new TrackInfo("t-audio", room, "p1", TrackRole.MIC_PATIENT, "audio", "opus", 48000);
      List<TestMedia.Packet> packets = TestMedia.opus(tmp, 2.0, 4444);
      recorder.participantJoined(room, new Participant("p1", "cart-0042", "cart", System.currentTimeMillis()));
      recorder.roundStarted(new RoundInfo(room, "cart-0042", "st-elsewhere", "icu-3"));
      int last = packets.size() - 1;
      for (int i = 0; i < last; i++) {
        byte[] p = packets.get(i).rtp();
        recorder.onRtp(mic, p, 0, p.length, System.nanoTime());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> recorder.roundsInProgress().size() == 1);
      String roundId = recorder.roundsInProgress().get(0).roundId();

      recorder.roundEnded(room);
      byte[] late = packets.get(last).rtp(); // still in flight when the room emptied
      recorder.onRtp(mic, late, 0, late.length, System.nanoTime());

      ObjectStore store = recorder.store();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> store.list("rounds/").stream().anyMatch(e -> e.key().endsWith("/manifest.json")));
      await().atMost(Duration.ofSeconds(30)).until(() -> recorder.roundsInProgress().isEmpty());
      assertThat(store.list("rounds/").stream().map(e -> e.key().split("/")[1]).distinct().toList())
          .as("rounds in the store").containsExactly(roundId);
      assertThat(registry.get("telerounds_recorder_drops").tag("what", "after-round").counter().count())
          .as("the late packet is counted").isEqualTo(1.0);
    }
  }
}
