package org.telerounds.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.testing.LoopbackSfu.Peer;
import org.telerounds.media.testing.WebRtcTestClient.RemoteTrack;

/**
 * Churn (issue 12): a cart leaves and rejoins 50 times while an expert stays, over real ICE, DTLS
 * and SRTP. The expert's subscribe SDP must stay bounded (an inactive m-section is recycled for the
 * next leg of its kind, with the same mid; before, one section per leg ever made piled up until the
 * parser's 64-section limit refused the expert's answer, after about 13 rejoins), and after every
 * rejoin the expert receives the new cart's audio and video. A recycled section goes on as the same
 * RTP stream: the same SSRC, and sequence numbers with no jump (a receiver that routes by SSRC
 * alone, as aiortc does, would drop a new SSRC on a section it already receives).
 */
@Timeout(600)
class SubscribeChurnIT {
  private static final String ROOM = "ward-9-churn";

  @Test
  void aCartRejoining50TimesLeavesTheExpertBoundedAndReceivingEveryNewTrack() throws Exception {
    AtomicLong lastVideoSsrc = new AtomicLong(-1);
    AtomicLong lastAudioSsrc = new AtomicLong(-1);
    AtomicLong videoSeen = new AtomicLong();
    AtomicLong audioSeen = new AtomicLong();
    java.util.Map<Long, Integer> lastSeq = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong jumps = new AtomicLong();
    WebRtcTestClient.RtpListener count = (b, off, len, now) -> {
      long ssrc = RtpHeader.ssrc(b, off, len);
      if (ssrc == lastVideoSsrc.get()) videoSeen.incrementAndGet();
      if (ssrc == lastAudioSsrc.get()) audioSeen.incrementAndGet();
      int seq = RtpHeader.sequenceNumber(b, off, len);
      Integer before = lastSeq.put(ssrc, seq);
      int step = before == null ? 1 : (seq - before) & 0xFFFF;
      if (step > 100 && step < 0xFFFF - 100) jumps.incrementAndGet(); // neither on nor a little reordered
    };
    try (LoopbackSfu sfu = new LoopbackSfu()) {
      Peer cart = sfu.publish(ROOM, "cart-0", WebRtcTestClient.options());
      MediaPump pump = new MediaPump(cart.client(), 100, 60, 800, 30).start();
      Peer expert = sfu.subscribe(ROOM, "expert-1", WebRtcTestClient.options().onRtp(count));
      int maxSections = 0;
      java.util.Set<String> msids = new java.util.HashSet<>();
      java.util.Set<Long> ssrcs = new java.util.HashSet<>();
      for (int round = 1; round <= 50; round++) {
        expectMediaFrom(expert, msids, lastVideoSsrc, lastAudioSsrc, videoSeen, audioSeen, round);
        ssrcs.add(lastVideoSsrc.get());
        ssrcs.add(lastAudioSsrc.get());
        maxSections = Math.max(maxSections, expert.client().remoteTracks().size());
        pump.close();
        cart.close();
        cart = sfu.publish(ROOM, "cart-" + round, WebRtcTestClient.options());
        pump = new MediaPump(cart.client(), 100, 60, 800, 30).start();
      }
      expectMediaFrom(expert, msids, lastVideoSsrc, lastAudioSsrc, videoSeen, audioSeen, 51);
      pump.close();
      System.out.printf("CHURN 50 rejoins: at most %d m-sections in the expert's subscribe SDP, %d SSRCs,"
          + " %d sequence jumps%n", maxSections, ssrcs.size(), jumps.get());
      assertThat(maxSections).as("m-sections in the expert's subscribe SDP").isLessThanOrEqualTo(4);
      assertThat(ssrcs).as("one SSRC per recycled section (video, audio) over all 51 carts").hasSizeLessThanOrEqualTo(4);
      assertThat(jumps.get()).as("sequence jumps at the expert across rejoins").isZero();
      assertThat(expert.failures()).isEmpty();
    }
  }

  /**
   * Waits until the expert's latest offer names a new cart's tracks (a track id it has not seen)
   * and their packets arrive.
   */
  private static void expectMediaFrom(Peer expert, java.util.Set<String> msids, AtomicLong videoSsrc,
      AtomicLong audioSsrc, AtomicLong videoSeen, AtomicLong audioSeen, int round) {
    await("round " + round + ": the new cart's tracks offered").atMost(Duration.ofSeconds(30))
        .until(() -> {
          RemoteTrack v = expert.client().remoteTrack("video");
          RemoteTrack a = expert.client().remoteTrack("audio");
          return v != null && a != null && v.active() && a.active() && !msids.contains(v.msid())
              && !msids.contains(a.msid());
        });
    RemoteTrack v = expert.client().remoteTrack("video");
    RemoteTrack a = expert.client().remoteTrack("audio");
    msids.add(v.msid());
    msids.add(a.msid());
    videoSsrc.set(v.ssrc());
    audioSsrc.set(a.ssrc());
    videoSeen.set(0);
    audioSeen.set(0);
    await("round " + round + ": the new cart's media at the expert").atMost(Duration.ofSeconds(30))
        .until(() -> videoSeen.get() > 10 && audioSeen.get() > 10);
  }
}
