package org.telerounds.media.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telerounds.media.pace.Pacer.Priority;

class PacerTest {
  private static final long MS = 1_000_000L;

  /** A fake clock, and a sink that records (and releases) what leaves. */
  static final class Rig implements Pacer.Sink {
    long now = 1_000 * MS;
    final List<Sent> sent = new ArrayList<>();
    final List<Priority> refused = new ArrayList<>();

    record Sent(long ssrc, Priority priority, int bytes, long at, long queued) {}

    @Override
    public void send(ByteBuf buf, long ssrc, Priority priority, long queuedNanos) {
      sent.add(new Sent(ssrc, priority, buf.readableBytes(), now, queuedNanos));
      buf.release();
    }

    @Override
    public void refused(Priority priority) { refused.add(priority); }

    Pacer pacer(long maxDelayMs, int maxPackets) {
      return new Pacer(this, () -> now, new Pacer.Settings(maxDelayMs * MS, maxPackets));
    }

    long bytesSent() { return sent.stream().mapToLong(Sent::bytes).sum(); }

    /** Advances in 5 ms steps, processing at each (as the media loop's tick does). */
    void run(Pacer p, long ms) {
      for (long t = 0; t < ms; t += 5) {
        now += 5 * MS;
        p.process();
      }
    }
  }

  static ByteBuf packet(int bytes) {
    return Unpooled.buffer(bytes).writeZero(bytes);
  }

  @Test
  void unpacedSendsEverythingAtOnceInOrder() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(150, 64);
    for (int i = 0; i < 10; i++) p.enqueue(packet(1000), i, Priority.VIDEO_UPPER);
    assertThat(rig.sent).hasSize(10);
    assertThat(rig.sent).extracting(Rig.Sent::ssrc).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(p.queuedPackets()).isZero();
  }

  @Test
  void sendsAtItsRateSpreadInSmallSteps() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(2000, 4096); // a bound far off: this is the plain rate
    p.rate(800_000); // 100,000 bytes a second
    for (int i = 0; i < 200; i++) p.enqueue(packet(1000), 1, Priority.VIDEO_BASE);
    rig.run(p, 1000);
    // one second at 100 kB/s: 100 packets, give or take the one packet a step may overdraw
    assertThat(rig.bytesSent()).isBetween(99_000L, 102_000L);
    // no step sends more than the 5 ms window and one packet
    for (long t = rig.now - 1000 * MS; t <= rig.now; t += 5 * MS) {
      long at = t;
      long inStep = rig.sent.stream().filter(s -> s.at() == at).mapToLong(Rig.Sent::bytes).sum();
      assertThat(inStep).isLessThanOrEqualTo(500 + 1000 + 1000);
    }
  }

  @Test
  void audioNeverWaitsAndIsChargedToTheBudget() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(2000, 4096);
    p.rate(400_000); // 50 kB/s
    for (int i = 0; i < 100; i++) p.enqueue(packet(1000), 1, Priority.VIDEO_BASE);
    rig.run(p, 100);
    int before = rig.sent.size();
    p.enqueue(packet(100), 7, Priority.AUDIO);
    assertThat(rig.sent).hasSize(before + 1);
    assertThat(rig.sent.get(before).ssrc()).isEqualTo(7);
    assertThat(rig.sent.get(before).queued()).isZero();
    // audio at 40 kB/s out of 50: video gets what is left
    long videoBefore = videoBytes(rig);
    for (int i = 0; i < 50; i++) { // 250 ms: a 1000-byte audio packet every 25 ms... scaled: 200 B every 5 ms
      rig.now += 5 * MS;
      p.enqueue(packet(200), 7, Priority.AUDIO);
      p.process();
    }
    long video = videoBytes(rig) - videoBefore;
    assertThat(video).as("video in 250 ms beside 40 kB/s of audio on a 50 kB/s pacer").isBetween(1_000L, 4_500L);
  }

  private static long videoBytes(Rig rig) {
    return rig.sent.stream().filter(s -> s.priority() != Priority.AUDIO).mapToLong(Rig.Sent::bytes).sum();
  }

  @Test
  void retransmissionsThenBaseLayerThenHigherLayers() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(2000, 4096);
    p.rate(80_000); // 10 kB/s: nothing leaves before the first step
    p.enqueue(packet(50), 3, Priority.VIDEO_UPPER);
    p.enqueue(packet(50), 2, Priority.VIDEO_BASE);
    p.enqueue(packet(50), 1, Priority.RETRANSMISSION);
    p.enqueue(packet(50), 4, Priority.VIDEO_UPPER);
    p.enqueue(packet(50), 5, Priority.RETRANSMISSION);
    assertThat(rig.sent).isEmpty();
    rig.run(p, 200);
    assertThat(rig.sent).extracting(Rig.Sent::ssrc).containsExactly(1L, 5L, 2L, 3L, 4L);
  }

  @Test
  void queueDelayStaysBoundedWhenTheRateCannotCarryABurst() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(150, 4096);
    p.rate(100_000); // 12.5 kB/s: a 60 kB keyframe would take 4.8 s at this rate
    for (int i = 0; i < 60; i++) p.enqueue(packet(1000), 1, Priority.VIDEO_BASE);
    rig.run(p, 300);
    assertThat(rig.sent).hasSize(60);
    assertThat(rig.sent).allSatisfy(s -> assertThat(s.queued()).isLessThanOrEqualTo(155 * MS));
    assertThat(p.boosts()).isPositive();
    // and it did not simply dump it: the first half left before 100 ms
    assertThat(rig.sent.get(29).queued()).isLessThan(120 * MS);
    assertThat(rig.sent.get(0).queued()).isLessThan(10 * MS);
  }

  @Test
  void aFullQueueRefusesAndCountsWithoutLeaking() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(2000, 16);
    p.rate(8_000);
    List<ByteBuf> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ByteBuf b = packet(500);
      all.add(b);
      p.enqueue(b, 1, Priority.VIDEO_UPPER);
    }
    assertThat(rig.refused).hasSize(4).containsOnly(Priority.VIDEO_UPPER);
    assertThat(p.queuedPackets()).isEqualTo(16);
    p.close();
    assertThat(all).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    ByteBuf late = packet(10);
    p.enqueue(late, 1, Priority.VIDEO_BASE);
    assertThat(late.refCnt()).isZero();
    assertThat(rig.sent).isEmpty();
  }

  @Test
  void flushSendsQueuedMediaForAProbeRegardlessOfBudget() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(2000, 4096);
    p.rate(8_000);
    for (int i = 0; i < 10; i++) p.enqueue(packet(1000), i, i % 2 == 0 ? Priority.VIDEO_UPPER : Priority.VIDEO_BASE);
    int n = p.flush(2500);
    assertThat(n).isEqualTo(3000); // whole packets: it stops once 2500 have left
    assertThat(rig.sent).extracting(Rig.Sent::priority).containsOnly(Priority.VIDEO_BASE);
    assertThat(p.queuedPackets()).isEqualTo(7);
  }

  @Test
  void rateZeroDrainsWhatWaits() {
    Rig rig = new Rig();
    Pacer p = rig.pacer(2000, 4096);
    p.rate(8_000);
    for (int i = 0; i < 10; i++) p.enqueue(packet(1000), i, Priority.RETRANSMISSION);
    p.rate(0); // feedback stopped: fail open
    assertThat(rig.sent).hasSize(10);
    assertThat(p.queuedPackets()).isZero();
  }

  @Test
  void randomTrafficLosesNothingAndKeepsEachClassInOrder() {
    Random r = new Random(11);
    for (int round = 0; round < 20; round++) {
      Rig rig = new Rig();
      Pacer p = rig.pacer(50 + r.nextInt(300), 64 + r.nextInt(256));
      List<ByteBuf> all = new ArrayList<>();
      int[] next = new int[Priority.values().length];
      for (int step = 0; step < 2000; step++) {
        switch (r.nextInt(8)) {
          case 0 -> p.rate(r.nextInt(5) == 0 ? 0 : 50_000 + r.nextInt(3_000_000));
          case 1 -> { rig.now += r.nextInt(8) * MS; p.process(); }
          case 2 -> p.flush(r.nextInt(5000));
          default -> {
            Priority pr = Priority.values()[r.nextInt(4)];
            ByteBuf b = packet(20 + r.nextInt(1200));
            all.add(b);
            p.enqueue(b, pr.ordinal() * 1_000_000L + next[pr.ordinal()]++, pr);
          }
        }
      }
      assertThat(rig.sent.size() + rig.refused.size() + p.queuedPackets()).isEqualTo(all.size());
      long[] last = {-1, -1, -1, -1};
      for (Rig.Sent s : rig.sent) {
        int c = s.priority().ordinal();
        assertThat(s.ssrc()).isGreaterThan(last[c]); // FIFO within a class
        last[c] = s.ssrc();
      }
      p.close();
      assertThat(all).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> new Pacer.Settings(0, 64)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Pacer.Settings(150 * MS, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
