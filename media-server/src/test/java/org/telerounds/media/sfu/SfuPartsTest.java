package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.telerounds.media.MutableClock;
import org.telerounds.media.rtcp.RtcpPacket.ReportBlock;

class SfuPartsTest {
  @Test
  void packetCacheFindsRecentAndForgetsOverwritten() {
    PacketCache c = new PacketCache(64);
    byte[] p = new byte[100];
    p[50] = 7;
    c.put(1000, p, 0, 100);
    int slot = c.find(1000);
    assertThat(slot).isNotNegative();
    assertThat(c.length(slot)).isEqualTo(100);
    assertThat(c.data(slot)[50]).isEqualTo((byte) 7);
    c.put(1064, p, 0, 10);
    assertThat(c.find(1000)).isEqualTo(-1);
    assertThat(c.find(999)).isEqualTo(-1);
  }

  @Test
  void keyframeThrottleAllowsOnePerInterval() {
    MutableClock clock = new MutableClock();
    KeyframeThrottle t = new KeyframeThrottle(clock, 300);
    assertThat(t.tryAcquire()).isTrue();
    assertThat(t.tryAcquire()).isFalse();
    clock.advance(Duration.ofMillis(299));
    assertThat(t.tryAcquire()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(t.tryAcquire()).isTrue();
  }

  @Test
  void receiveStatsCountLossAcrossWrap() {
    ReceiveStats s = new ReceiveStats(42, 90000);
    long t = 0;
    for (int seq = 65530; seq < 65536 + 10; seq++) {
      if (seq == 65534 || seq == 65536 + 3) continue; // two lost, one on each side of the wrap
      s.onPacket(seq & 0xFFFF, 3000L * seq, t += 33_000_000L);
    }
    ReportBlock b = s.reportBlock(1000);
    assertThat(b.ssrc()).isEqualTo(42);
    assertThat(b.cumulativeLost()).isEqualTo(2);
    assertThat(b.extendedHighestSeq()).isEqualTo(65536 + 9);
    assertThat(b.fractionLost()).isEqualTo((2 << 8) / 16);
    assertThat(s.reportBlock(2000).fractionLost()).isZero();
  }

  @Test
  void rolesHaveWireNamesAndKinds() {
    assertThat(TrackRole.fromWire("camera:room")).contains(TrackRole.CAMERA_ROOM);
    assertThat(TrackRole.fromWire("audio:stethoscope").get().kind()).isEqualTo("audio");
    assertThat(TrackRole.fromWire("camera:ceiling")).isEmpty();
    assertThat(TrackRole.defaultFor("video")).isEqualTo(TrackRole.CAMERA_PARTICIPANT);
  }
}
