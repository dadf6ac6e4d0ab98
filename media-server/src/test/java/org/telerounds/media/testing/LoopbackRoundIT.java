package org.telerounds.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.testing.LoopbackSfu.Peer;
import org.telerounds.media.testing.WebRtcTestClient.RemoteTrack;

/**
 * A ward round over loopback with real ICE, DTLS and SRTP: one cart publishes Opus + VP8/RTX, two
 * experts subscribe through the server's subscribe offers, all through the media server's Java API
 * (what signaling does) and {@link WebRtcTestClient}s on 127.0.0.1.
 */
@Timeout(120)
class LoopbackRoundIT {
  private static final String ROOM = "ward-7-round";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private LoopbackSfu sfu;
  private Peer cart;
  private MediaPump pump;
  private final Capture got1 = new Capture();
  private final Capture got2 = new Capture();
  private Peer expert1;
  private Peer expert2;

  /** Received plaintext RTP, copied. */
  record Packet(byte[] data, long receiveNanos) {
    int pt() { return RtpHeader.payloadType(data, 0, data.length); }
    long ssrc() { return RtpHeader.ssrc(data, 0, data.length); }
    int seq() { return RtpHeader.sequenceNumber(data, 0, data.length); }
    long ts() { return RtpHeader.timestamp(data, 0, data.length); }
    int payloadOffset() { return RtpHeader.headerLength(data, 0, data.length); }
    byte[] payload() { return Arrays.copyOfRange(data, payloadOffset(), data.length); }
  }

  /**
   * Media as the subscriber receives it. Padding-only packets (the server's bandwidth probes, RTX
   * packets whose payload is all RTP padding) carry no media and are counted apart.
   */
  static final class Capture implements WebRtcTestClient.RtpListener {
    final ConcurrentLinkedQueue<Packet> packets = new ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicInteger paddingOnly = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onRtp(byte[] b, int off, int len, long receiveNanos) {
      int header = RtpHeader.headerLength(b, off, len);
      boolean padded = (b[off] & 0x20) != 0;
      if (padded && header >= 0 && header + (b[off + len - 1] & 0xFF) == len) {
        paddingOnly.incrementAndGet();
        return;
      }
      packets.add(new Packet(Arrays.copyOfRange(b, off, off + len), receiveNanos));
    }

    List<Packet> withSsrc(long ssrc) {
      return packets.stream().filter(p -> p.ssrc() == ssrc).toList();
    }

    int size() { return packets.size(); }
  }

  @BeforeEach
  void startRound() throws Exception {
    sfu = new LoopbackSfu();
    cart = sfu.publish(ROOM, "cart-1", WebRtcTestClient.options());
    // 50 audio packets/s of 100 B and 100 video packets/s of 1,000 B in 30 frames/s
    pump = new MediaPump(cart.client(), 100, 100, 1000, 30).start();
    expert1 = sfu.subscribe(ROOM, "expert-1", WebRtcTestClient.options().onRtp(got1));
    expert2 = sfu.subscribe(ROOM, "expert-2", WebRtcTestClient.options().onRtp(got2));
  }

  @AfterEach
  void endRound() {
    if (pump != null) pump.close();
    if (sfu != null) sfu.close();
  }

  @Test
  void everySubscriberReceivesTheCartWithItsOwnSsrcsAndContiguousSequenceNumbers() {
    for (Peer expert : List.of(expert1, expert2)) {
      assertThat(expert.client().isConnected()).isTrue();
      assertThat(expert.client().srtpProfile()).isNotNull();
    }
    await().atMost(WAIT).until(() -> got1.withSsrc(video(expert1).ssrc()).size() >= 150
        && got2.withSsrc(video(expert2).ssrc()).size() >= 150
        && got1.withSsrc(audio(expert1).ssrc()).size() >= 75
        && got2.withSsrc(audio(expert2).ssrc()).size() >= 75);

    long[] cartSsrcs = {cart.client().audioSsrc(), cart.client().videoSsrc(), cart.client().videoRtxSsrc()};
    for (Peer expert : List.of(expert1, expert2)) {
      Capture got = expert == expert1 ? got1 : got2;
      RemoteTrack audio = audio(expert);
      RemoteTrack video = video(expert);
      assertThat(audio.payloadType()).isEqualTo(WebRtcTestClient.OPUS_PT);
      assertThat(video.payloadType()).isEqualTo(WebRtcTestClient.VP8_PT);
      assertThat(video.rtxPayloadType()).isEqualTo(WebRtcTestClient.RTX_PT);
      assertThat(video.rtxSsrc()).isPositive();
      // the server sends under the SSRCs its subscribe offer announced, never the cart's own
      assertThat(new long[] {audio.ssrc(), video.ssrc(), video.rtxSsrc()}).doesNotContain(cartSsrcs);
      assertThat(got.packets).allSatisfy(p -> assertThat(p.ssrc()).isIn(audio.ssrc(), video.ssrc()));
      assertThat(got.withSsrc(audio.ssrc())).allSatisfy(p -> assertThat(p.pt()).isEqualTo(WebRtcTestClient.OPUS_PT));
      assertThat(got.withSsrc(video.ssrc())).allSatisfy(p -> assertThat(p.pt()).isEqualTo(WebRtcTestClient.VP8_PT));
      assertRewrittenContiguously(got.withSsrc(audio.ssrc()), "audio");
      assertRewrittenContiguously(got.withSsrc(video.ssrc()), "video");
      assertThat(expert.client().srtpFailures()).isZero();
    }
    // each leg has its own SSRC space
    assertThat(video(expert1).ssrc()).isNotEqualTo(video(expert2).ssrc());
    assertThat(audio(expert1).ssrc()).isNotEqualTo(audio(expert2).ssrc());
    assertThat(cart.client().srtpFailures()).isZero();
    assertThat(pump.sendErrors()).isZero();
  }

  /**
   * In arrival order: sequence numbers go up by one (no gap, no reorder on loopback), and the
   * offsets from the publisher's sequence (first + index) and timestamp stay constant; the payload
   * is forwarded byte for byte.
   */
  private static void assertRewrittenContiguously(List<Packet> packets, String what) {
    assertThat(packets).as(what).hasSizeGreaterThan(10);
    Packet first = packets.get(0);
    int p0 = first.payloadOffset();
    long seqOffset = (first.seq() - MediaPayload.index(first.data(), p0)) & 0xFFFF;
    long tsOffset = (first.ts() - MediaPayload.originalTimestamp(first.data(), p0)) & 0xFFFFFFFFL;
    for (int i = 1; i < packets.size(); i++) {
      Packet prev = packets.get(i - 1);
      Packet p = packets.get(i);
      int po = p.payloadOffset();
      assertThat(p.seq()).as("%s seq after %d", what, prev.seq()).isEqualTo((prev.seq() + 1) & 0xFFFF);
      assertThat((p.seq() - MediaPayload.index(p.data(), po)) & 0xFFFF).as("%s seq offset", what)
          .isEqualTo(seqOffset);
      assertThat((p.ts() - MediaPayload.originalTimestamp(p.data(), po)) & 0xFFFFFFFFL).as("%s ts offset", what)
          .isEqualTo(tsOffset);
      byte[] expected = new byte[p.data().length - po];
      MediaPayload.write(expected, expected.length, MediaPayload.index(p.data(), po),
          MediaPayload.originalTimestamp(p.data(), po));
      System.arraycopy(p.data(), po + MediaPayload.PREFIX, expected, MediaPayload.PREFIX, 8); // send time
      assertThat(p.payload()).as("%s payload", what).isEqualTo(expected);
    }
  }

  @Test
  void aNackFromASubscriberIsAnsweredWithAnRtxRetransmission() throws Exception {
    RemoteTrack video = video(expert1);
    await().atMost(WAIT).until(() -> got1.withSsrc(video.ssrc()).size() >= 30);
    List<Packet> received = got1.withSsrc(video.ssrc());
    Packet lost = received.get(received.size() - 10); // well inside the server's 512-packet cache
    double before = sfu.counter("telerounds.media.nack.retransmits");

    expert1.client().sendNack(video.ssrc(), List.of(lost.seq()));

    await().atMost(WAIT).until(() -> !got1.withSsrc(video.rtxSsrc()).isEmpty());
    List<Packet> rtx = got1.withSsrc(video.rtxSsrc());
    assertThat(rtx).hasSize(1);
    Packet r = rtx.get(0);
    assertThat(r.pt()).isEqualTo(video.rtxPayloadType()).isEqualTo(WebRtcTestClient.RTX_PT);
    assertThat(r.ts()).isEqualTo(lost.ts());
    byte[] payload = r.payload();
    // RFC 4588: the original sequence number (as this subscriber knows it), then the original payload
    assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(lost.seq());
    assertThat(Arrays.copyOfRange(payload, 2, payload.length)).isEqualTo(lost.payload());
    assertThat(sfu.counter("telerounds.media.nack.retransmits")).isEqualTo(before + 1);
    // the retransmission went only to the subscriber that asked
    Thread.sleep(200);
    assertThat(got2.withSsrc(video(expert2).rtxSsrc())).isEmpty();
  }

  @Test
  void aClientWhoseCertificateDoesNotMatchItsSdpFingerprintNeverConnects() throws Exception {
    double before = fingerprintFailures();
    Capture gotIntruder = new Capture();

    // a subscriber: ICE works (it knows the credentials) but DTLS must fail on the fingerprint
    Peer intruder = sfu.subscribe(ROOM, "intruder", WebRtcTestClient.options().wrongFingerprint(true)
        .onRtp(gotIntruder), false, WAIT);
    assertThatThrownBy(() -> intruder.client().connect(WAIT)).isInstanceOf(IOException.class)
        .hasMessageContaining("DTLS handshake failed");
    assertThat(intruder.client().isIceConnected()).isTrue();
    await().atMost(WAIT).until(() -> fingerprintFailures() == before + 1);
    await().atMost(WAIT).until(() -> intruder.failures().contains("subscribe:dtls-fingerprint-mismatch"));

    // a publisher: same, and its tracks (offered to the experts by renegotiation) never carry media
    assertThatThrownBy(() -> sfu.publish(ROOM, "fake-cart", WebRtcTestClient.options().wrongFingerprint(true),
        Map.of("audio", "mic:room", "video", "camera:exam"), WAIT))
        .isInstanceOf(IOException.class).hasMessageContaining("DTLS handshake failed");
    await().atMost(WAIT).until(() -> fingerprintFailures() == before + 2);
    await().atMost(WAIT).until(() -> expert1.negotiations() >= 2 && expert2.negotiations() >= 2);

    // the experts keep receiving the real cart, on the same SSRCs
    int n1 = got1.size();
    int n2 = got2.size();
    await().atMost(WAIT).until(() -> got1.size() >= n1 + 100 && got2.size() >= n2 + 100);
    for (Peer expert : List.of(expert1, expert2)) {
      Capture got = expert == expert1 ? got1 : got2;
      List<Long> cartSsrcs = new ArrayList<>(List.of(audio(expert).ssrc(), video(expert).ssrc()));
      assertThat(got.packets).allSatisfy(p -> assertThat(p.ssrc()).isIn(cartSsrcs));
      assertRewrittenContiguously(got.withSsrc(video(expert).ssrc()), "video");
    }
    assertThat(intruder.client().isConnected()).isFalse();
    assertThat(intruder.client().rtpReceived()).isZero();
    assertThat(gotIntruder.size()).isZero();
    assertThat(fingerprintFailures()).isEqualTo(before + 2);
  }

  private double fingerprintFailures() {
    return sfu.counter("telerounds.media.dtls.failures", "reason", "fingerprint");
  }

  private static RemoteTrack audio(Peer p) {
    return p.client().remoteTrack("audio");
  }

  private static RemoteTrack video(Peer p) {
    return p.client().remoteTrack("video");
  }
}
