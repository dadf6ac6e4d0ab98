package org.telerounds.media.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.telerounds.media.cc.SendSideBwe;
import org.telerounds.media.rtp.HeaderExtensionRewriter;
import org.telerounds.media.rtp.RtpHeader;

/**
 * What transport-wide CC adds to each forwarded packet, per subscriber: the leg's copy of a
 * Chrome-like packet (audio level, abs-send-time, transport-cc and mid elements) as a plain copy
 * with the SSRC/sequence/timestamp rewrite ({@code plainCopy}, the path before), against the copy
 * that rebuilds the header extensions into the subscriber's ids and stamps the transport-wide
 * sequence number from the send history ({@code rewriteAndStamp}, DownTrack now). The SRTP
 * encrypt that follows either (500–1,300 ns, ForwardPathBenchmark) is not included. Run with:
 * {@code mvn -o -q -pl media-server test-compile exec:exec@jmh -Djmh.args="LegCopyBenchmark -f 1 -wi 3 -i 5"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LegCopyBenchmark {
  @Param({"100", "1200"})
  int size;

  private byte[] packet;
  private final byte[] out = new byte[1500];
  private final byte[] idMap = new byte[256];
  private SendSideBwe bwe;
  private int seq;
  private long now;

  @Setup
  public void setup() {
    byte[] ext = {(byte) 0xBE, (byte) 0xDE, 0, 3, 0x10, (byte) 0x85, 0x22, 1, 2, 3, 0x31, 0x12, 0x34, 0x40, '0', 0};
    packet = new byte[size];
    packet[0] = (byte) 0x90;
    packet[1] = 96;
    System.arraycopy(ext, 0, packet, 12, ext.length);
    idMap[1] = 1; // audio level kept, the rest dropped
    bwe = new SendSideBwe(1_000_000, 50_000, 10_000_000);
  }

  @Benchmark
  public int plainCopy() {
    System.arraycopy(packet, 0, out, 0, size);
    RtpHeader.setSsrc(out, 0, 0x12345678L);
    RtpHeader.setSequenceNumber(out, 0, seq++ & 0xFFFF);
    RtpHeader.setTimestamp(out, 0, 90_000L * seq);
    return out[size - 1];
  }

  @Benchmark
  public int rewriteAndStamp() {
    int twcc = bwe.onPacketSent(now += 100, size);
    int n = HeaderExtensionRewriter.rewrite(packet, 0, size, idMap, 3, twcc, out, 0);
    RtpHeader.setSsrc(out, 0, 0x12345678L);
    RtpHeader.setSequenceNumber(out, 0, seq++ & 0xFFFF);
    RtpHeader.setTimestamp(out, 0, 90_000L * seq);
    return n;
  }
}
