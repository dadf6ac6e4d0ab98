package org.telerounds.media.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.telerounds.media.pace.Pacer;

/**
 * What a subscriber's pacer adds to each forwarded packet: {@code unpaced} hands a packet through
 * a pacer at rate 0 (it leaves at once, as without TWCC feedback); {@code queuedThenSent} queues a
 * video packet behind one that waits and sends the oldest as the budget allows (the time advances
 * by a packet's worth at 2 Mbit/s each call, so the queue stays short and steady): the cost of the
 * queue, the budget and the delay bound, without the histogram that SubscriberSender records. The
 * sink never releases, so one buffer serves every call and allocation is not measured. Run with:
 * {@code mvn -o -q -pl media-server test-compile exec:exec@jmh -Djmh.args="PacerBenchmark -f 1 -wi 3 -i 5"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PacerBenchmark {
  private final ByteBuf packet = Unpooled.buffer(1200).writeZero(1200);
  private long now;
  private long sent;
  private Pacer unpaced;
  private Pacer paced;

  @Setup(Level.Trial)
  public void setup() {
    Pacer.Sink sink = new Pacer.Sink() {
      @Override
      public void send(ByteBuf buf, long ssrc, Pacer.Priority priority, long queuedNanos) { sent += queuedNanos + 1; }

      @Override
      public void refused(Pacer.Priority priority) { sent--; }
    };
    unpaced = new Pacer(sink, () -> now, new Pacer.Settings(150_000_000L, 2048));
    paced = new Pacer(sink, () -> now, new Pacer.Settings(150_000_000L, 2048));
    paced.rate(2_000_000);
  }

  @Benchmark
  public long unpaced() {
    unpaced.enqueue(packet, 1, Pacer.Priority.VIDEO_BASE);
    return sent;
  }

  @Benchmark
  public long queuedThenSent() {
    now += 4_800_000; // 1,200 bytes at 2 Mbit/s
    paced.enqueue(packet, 1, Pacer.Priority.VIDEO_BASE);
    paced.process();
    return sent;
  }
}
