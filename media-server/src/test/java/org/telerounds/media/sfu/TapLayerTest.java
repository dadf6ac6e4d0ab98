package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtp.RtpHeader;

/**
 * The stream the recorder gets from a simulcast camera: the highest layer being sent, followed as
 * Chromium adds its higher layers and as one stops, switched at keyframes, in one SSRC with
 * sequence numbers and timestamps that run on across switches.
 */
class TapLayerTest {
  private static final int Q = 0;
  private static final int H = 1;
  private static final int F = 2;
  private static final long[] SSRC = {111, 222, 333};
  private final List<Integer> requested = new ArrayList<>();
  private final TapLayer tap = new TapLayer(F, 90000, KeyframeDetector.forCodec("VP8").orElseThrow(),
      requested::add, new Random(7));
  private final PacketInfo envelope = new PacketInfo();
  private final List<long[]> seen = new ArrayList<>(); // {ssrc, seq, ts}

  /** Offers a packet of {@code layer} at {@code atMs}; records what the taps would get. */
  private boolean offer(int layer, boolean keyframe, int seq, long ts, long atMs) {
    byte[] p = SimulcastLayersTest.packet(keyframe ? "video/aiortc_vp8_key_start" : "video/aiortc_vp8_delta_start",
        96, seq, ts, SSRC[layer], 0, null);
    envelope.set(p, 0, p.length, atMs * 1_000_000);
    envelope.layer(layer);
    int len = tap.admit(envelope);
    if (len < 0) return false;
    byte[] b = tap.buffer();
    assertThat(len).isEqualTo(p.length);
    assertThat(java.util.Arrays.copyOfRange(b, 12, len)).as("payload unchanged").isEqualTo(java.util.Arrays.copyOfRange(p, 12, len));
    seen.add(new long[] {RtpHeader.ssrc(b, 0, len), RtpHeader.sequenceNumber(b, 0, len), RtpHeader.timestamp(b, 0, len)});
    return true;
  }

  private long[] last() { return seen.get(seen.size() - 1); }

  @Test
  void followsTheHighestLayerBeingSent_switchingAtKeyframesInOneContinuousStream() {
    // Chromium starts with q only: the tap aims at it at once and takes its keyframe
    tap.update(new long[] {150_000, 0, 0}, 0);
    assertThat(tap.target()).isEqualTo(Q);
    assertThat(requested).as("asks q for a keyframe").contains(Q);
    assertThat(offer(Q, false, 10, 1000, 0)).as("no keyframe yet: nothing").isFalse();
    assertThat(offer(Q, true, 11, 4000, 33)).isTrue();
    assertThat(offer(Q, false, 12, 7000, 66)).isTrue();
    long ssrc = seen.get(0)[0];
    assertThat(seen.get(1)[1]).isEqualTo((seen.get(0)[1] + 1) & 0xFFFF);
    assertThat(seen.get(1)[2] - seen.get(0)[2]).isEqualTo(3000);

    // f starts: after the hold the tap aims at it, and keeps q flowing until f's keyframe
    tap.update(new long[] {150_000, 0, 1_500_000}, 100);
    assertThat(tap.target()).as("up only after a hold").isEqualTo(Q);
    tap.update(new long[] {150_000, 0, 1_500_000}, 100 + LayerChooser.UP_HOLD_MS);
    assertThat(tap.target()).isEqualTo(F);
    assertThat(requested).contains(F);
    assertThat(offer(F, false, 500, 90_000, 2150)).as("f before its keyframe").isFalse();
    assertThat(offer(Q, false, 13, 10_000, 2160)).as("q until then").isTrue();
    long[] beforeSwitch = last();
    assertThat(offer(F, true, 501, 93_000, 2200)).isTrue();
    long[] atSwitch = last();
    assertThat(atSwitch[0]).as("one SSRC").isEqualTo(ssrc);
    assertThat(atSwitch[1]).as("sequence runs on").isEqualTo((beforeSwitch[1] + 1) & 0xFFFF);
    assertThat((atSwitch[2] - beforeSwitch[2]) & 0xFFFFFFFFL).as("time runs on by the 40 ms between")
        .isEqualTo(3600);
    assertThat(tap.current()).isEqualTo(F);
    assertThat(offer(Q, false, 14, 13_000, 2210)).as("q after the switch").isFalse();
    assertThat(offer(F, false, 500, 90_000, 2220)).as("f from before its keyframe, late").isFalse();
    assertThat(offer(F, false, 502, 96_000, 2233)).isTrue();
    assertThat(last()[1]).isEqualTo((atSwitch[1] + 1) & 0xFFFF);

    // f stops (its encoder dropped it): down to h at once, at h's keyframe
    tap.update(new long[] {150_000, 500_000, 0}, 3000);
    assertThat(tap.target()).isEqualTo(H);
    assertThat(offer(H, false, 70, 5000, 3010)).isFalse();
    assertThat(offer(H, true, 71, 8000, 3040)).isTrue();
    assertThat(last()[1]).isEqualTo((atSwitch[1] + 2) & 0xFFFF);
    assertThat(last()[0]).isEqualTo(ssrc);
  }

  @Test
  void aReorderedPacketDoesNotMoveTheSwitchPoint() {
    tap.update(new long[] {150_000, 0, 0}, 0);
    offer(Q, true, 100, 0, 0);
    offer(Q, false, 102, 6000, 66);
    offer(Q, false, 101, 3000, 70); // late, recovered by NACK: taken, it is after the keyframe
    assertThat(seen).hasSize(3);
    long top = seen.get(1)[1];
    tap.update(new long[] {150_000, 400_000, 0}, 100);
    tap.update(new long[] {150_000, 400_000, 0}, 100 + LayerChooser.UP_HOLD_MS);
    assertThat(offer(H, true, 9, 50_000, 2200)).isTrue();
    assertThat(last()[1]).as("after the newest sequence number sent, not the late one").isEqualTo((top + 1) & 0xFFFF);
  }

  @Test
  void oversizedOrTruncatedPacketsAreSkipped() {
    tap.update(new long[] {150_000, 0, 0}, 0);
    envelope.set(new byte[1600], 0, 1600, 0);
    envelope.layer(Q);
    assertThat(tap.admit(envelope)).isNegative();
    envelope.set(new byte[8], 0, 8, 0);
    envelope.layer(Q);
    assertThat(tap.admit(envelope)).isNegative();
  }
}
