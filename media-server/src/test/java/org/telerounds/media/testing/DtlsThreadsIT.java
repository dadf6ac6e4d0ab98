package org.telerounds.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The media server's DTLS threads over real sockets: a room of a publisher and a dozen subscribers
 * (26 transports) connects on a two-thread DTLS pool, no thread stays per transport, none is left
 * after close, and a peer that never starts DTLS fails with {@code dtls-timeout}, counted.
 */
class DtlsThreadsIT {
  static long dtlsThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("media-dtls-")).count();
  }

  @Test
  void manyTransportsShareTwoThreadsAndCloseLeavesNone() throws Exception {
    LoopbackSfu sfu = new LoopbackSfu(Map.of("telerounds.media.dtls.threads", 2));
    try {
      List<LoopbackSfu.Peer> peers = new ArrayList<>();
      peers.add(sfu.publish("ward", "cart", WebRtcTestClient.options().video(false)));
      peers.add(sfu.subscribe("ward", "cart-view", WebRtcTestClient.options()));
      for (int i = 0; i < 12; i++) {
        peers.add(sfu.publish("ward", "expert-" + i, WebRtcTestClient.options().video(false)));
        peers.add(sfu.subscribe("ward", "expert-" + i + "-view", WebRtcTestClient.options()));
      }
      assertThat(peers).allMatch(p -> p.client().isConnected());
      assertThat(dtlsThreads()).as("DTLS threads for %d transports", peers.size()).isBetween(1L, 2L);
      assertThat(sfu.counter("telerounds.media.dtls.failures", "reason", "handshake")).isZero();
    } finally {
      sfu.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> dtlsThreads() == 0);
  }

  @Test
  void aPeerThatNeverStartsDtlsTimesOutAndIsCounted() throws Exception {
    try (LoopbackSfu sfu = new LoopbackSfu(Map.of("telerounds.media.dtls.handshake-timeout", "1s"))) {
      sfu.publish("ward", "cart", WebRtcTestClient.options().video(false));
      // answers the subscribe offer but never does ICE or DTLS
      LoopbackSfu.Peer silent = sfu.subscribe("ward", "silent", WebRtcTestClient.options(), false, Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(silent.failures()).anyMatch(
          f -> f.endsWith("dtls-timeout")));
      assertThat(sfu.counter("telerounds.media.dtls.failures", "reason", "timeout")).isEqualTo(1.0);
    }
  }
}
