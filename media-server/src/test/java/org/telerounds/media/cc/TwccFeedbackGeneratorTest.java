package org.telerounds.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telerounds.media.rtcp.RtcpPacket;
import org.telerounds.media.rtcp.RtcpPacket.TransportCc;
import org.telerounds.media.rtcp.RtcpParser;
import org.telerounds.media.rtcp.RtcpWriter;

/** Feedback from the receive side, read back by the parser the send side uses. */
class TwccFeedbackGeneratorTest {

  /** Every (sequence, arrival µs) the feedback reports as received, decoded as a sender would. */
  private static List<long[]> decode(List<byte[]> feedback) {
    List<long[]> out = new ArrayList<>();
    for (byte[] b : feedback) {
      for (RtcpPacket p : RtcpParser.parseCompound(b, 0, b.length)) {
        TransportCc fb = (TransportCc) p;
        long ticks = fb.referenceTime() * 256L;
        int d = 0;
        for (int i = 0; i < fb.packetStatusCount(); i++) {
          if (!fb.wasReceived(i)) {
            out.add(new long[] {(fb.baseSequence() + i) & 0xFFFF, -1});
            continue;
          }
          ticks += fb.receivedDeltasQuarterMs().get(d++);
          out.add(new long[] {(fb.baseSequence() + i) & 0xFFFF, ticks * 250});
        }
      }
    }
    return out;
  }

  @Test
  void reportsEveryPacketWithItsArrivalToTheQuarterMillisecond() {
    TwccFeedbackGenerator g = new TwccFeedbackGenerator();
    long t = 5_000_000;
    for (int s = 65530; s < 65530 + 20; s++) { // across the 16-bit wrap
      if (s == 65533 || s == 65540) continue; // lost
      g.onPacket(s & 0xFFFF, t + s * 1_100L);
    }
    List<long[]> r = decode(g.drain(7, 8));
    assertThat(r).hasSize(20);
    for (long[] e : r) {
      long s = e[0] < 100 ? e[0] + 65536 : e[0];
      if (s == 65533 || s == 65540) {
        assertThat(e[1]).as("seq %d", s).isEqualTo(-1);
      } else {
        assertThat(Math.abs(e[1] - (t + s * 1_100L))).as("arrival error of seq %d, µs", s).isLessThan(250);
      }
    }
    assertThat(g.hasPending()).isFalse();
    assertThat(g.drain(7, 8)).isEmpty();
  }

  /**
   * A network cut: the publisher kept sending (sequence numbers ran on) but nothing arrived, then
   * packets arrive again more than one feedback's worth of statuses later. The drain used to find
   * no received packet among its first 400 statuses, write an empty feedback and never move on,
   * for ever, on the media loop.
   */
  @Test
  @org.junit.jupiter.api.Timeout(30)
  void aGapLongerThanOneFeedbackIsReportedLostAndTheDrainMovesOn() {
    TwccFeedbackGenerator g = new TwccFeedbackGenerator();
    g.onPacket(100, 1_000_000);
    g.drain(7, 8);
    for (int s = 3100; s < 3110; s++) g.onPacket(s, 6_000_000 + (s - 3100) * 1_000L); // 5 s later, 2,999 lost
    List<long[]> r = decode(g.drain(7, 8));
    assertThat(r.stream().filter(e -> e[1] == -1).count()).as("reported lost").isEqualTo(2999);
    assertThat(r.stream().filter(e -> e[1] >= 0).count()).as("reported received").isEqualTo(10);
    assertThat(g.hasPending()).isFalse();
    for (byte[] b : g.drain(7, 8)) assertThat(b.length).isLessThan(1200);
  }

  @Test
  void aLatePacketAfterItsLossWasReportedIsCountedNotReported() {
    TwccFeedbackGenerator g = new TwccFeedbackGenerator();
    g.onPacket(10, 1_000_000);
    g.onPacket(12, 1_002_000);
    assertThat(decode(g.drain(1, 2))).extracting(e -> e[1]).containsExactly(1_000_000L, -1L, 1_002_000L);
    g.onPacket(11, 1_050_000);
    g.onPacket(13, 1_051_000);
    assertThat(g.latePackets()).isEqualTo(1);
    assertThat(decode(g.drain(1, 2))).extracting(e -> e[0]).containsExactly(13L);
  }

  @Test
  void reorderedPacketsInOneIntervalGetNegativeDeltasAndDuplicatesKeepTheFirst() {
    TwccFeedbackGenerator g = new TwccFeedbackGenerator();
    g.onPacket(1, 2_000_000);
    g.onPacket(3, 2_001_000);
    g.onPacket(2, 2_003_000); // sent before 3, arrived after it
    g.onPacket(3, 2_009_000); // a duplicate
    List<long[]> r = decode(g.drain(1, 2));
    assertThat(r).extracting(e -> e[1]).containsExactly(2_000_000L, 2_003_000L, 2_001_000L);
  }

  @Test
  void aLongSilenceOrAHugeBurstSplitsTheFeedback() {
    TwccFeedbackGenerator g = new TwccFeedbackGenerator();
    g.onPacket(0, 1_000_000);
    g.onPacket(1, 1_000_000 + 20_000_000); // 20 s later: more than a 16-bit delta holds
    List<byte[]> fb = g.drain(1, 2);
    assertThat(fb).hasSize(2);
    assertThat(decode(fb)).extracting(e -> e[1]).containsExactly(1_000_000L, 21_000_000L);
    for (int s = 2; s < 2 + 1000; s++) g.onPacket(s, 30_000_000 + s * 100L);
    fb = g.drain(1, 2);
    assertThat(fb).hasSize(3); // 400 + 400 + 200
    assertThat(decode(fb)).hasSize(1000).allSatisfy(e -> assertThat(e[1]).isPositive());
  }

  @Test
  void withoutDrainsTheOldestPacketsAreGivenUpNotOverwritten() {
    TwccFeedbackGenerator g = new TwccFeedbackGenerator();
    for (int s = 0; s < TwccFeedbackGenerator.WINDOW + 100; s++) g.onPacket(s & 0xFFFF, 1_000_000 + s * 10L);
    assertThat(g.givenUpPackets()).isEqualTo(100);
    List<long[]> r = decode(g.drain(1, 2));
    assertThat(r).hasSize(TwccFeedbackGenerator.WINDOW);
    assertThat(r.get(0)[0]).isEqualTo(100);
  }

  @Test
  void theWriterRoundTripsAnyStatusPattern() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      int count = 1 + random.nextInt(300);
      byte[] symbols = new byte[count];
      int[] deltas = new int[count];
      int n = 0;
      int mode = random.nextInt(3);
      for (int i = 0; i < count; i++) {
        int sym = mode == 0 ? random.nextInt(3) : mode == 1 ? (random.nextInt(10) == 0 ? 0 : 1)
            : (i / 20) % 3;
        symbols[i] = (byte) sym;
        if (sym == 1) deltas[n++] = random.nextInt(256);
        if (sym == 2) deltas[n++] = random.nextBoolean() ? -1 - random.nextInt(32768) : 256 + random.nextInt(32512);
      }
      byte[] b = RtcpWriter.transportCc(1, 2, 65000 + round, 0xABCDEF, round, symbols, count, deltas);
      assertThat(b.length % 4).isZero();
      TransportCc fb = (TransportCc) RtcpParser.parseCompound(b, 0, b.length).get(0);
      assertThat(fb.packetStatusCount()).isEqualTo(count);
      assertThat(fb.baseSequence()).isEqualTo((65000 + round) & 0xFFFF);
      assertThat(fb.referenceTime()).isEqualTo(0xABCDEF);
      assertThat(fb.receivedCount()).isEqualTo(n);
      for (int i = 0, d = 0; i < count; i++) {
        assertThat(fb.wasReceived(i)).isEqualTo(symbols[i] != 0);
        if (symbols[i] != 0) assertThat(fb.receivedDeltasQuarterMs().get(d)).isEqualTo(deltas[d++]);
      }
    }
  }
}
