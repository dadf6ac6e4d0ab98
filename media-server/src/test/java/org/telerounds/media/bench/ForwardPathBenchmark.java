package org.telerounds.media.bench;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.srtp.SrtpKeyMaterial;
import org.telerounds.media.srtp.SrtpProfile;
import org.telerounds.media.srtp.SrtpSession;

/**
 * Cost per packet of the SFU forward path for one subscriber, as the media loop does it: copy the
 * datagram into the loop's scratch array (DatagramDemuxHandler), SRTP-decrypt it with the publish
 * transport's {@link SrtpSession}, copy it into the leg's buffer and rewrite SSRC, sequence number
 * and timestamp with {@link RtpHeader} setters (DownTrack.forward), SRTP-encrypt it with the
 * subscribe transport's session. No socket I/O (the kernel send, ~3.3 µs, is measured elsewhere).
 *
 * <p>Replay protection is on in both directions, so every decrypt needs a packet never seen before.
 * A ring of {@value #BATCH} packets with fresh, consecutive sequence numbers is encrypted by a
 * "browser" session in a {@code Level.Invocation} setup (not timed); one timed invocation then
 * forwards the whole ring ({@code @OperationsPerInvocation}), about 0.5 to 2 ms of work, long
 * enough that per-invocation timer overhead is negligible. Scores are ns per packet.
 *
 * <p>{@code decrypt} and {@code encrypt} isolate the two SRTP halves (each with the same copy) to
 * compare with DESIGN.md's SRTP table; {@code forward} is the path. Run with:
 * {@code mvn -o -q -pl media-server test-compile exec:exec@jmh -Djmh.args="ForwardPathBenchmark -f 1 -wi 3 -i 5"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ForwardPathBenchmark {
  static final int BATCH = 512;
  static final long PUBLISHER_SSRC = 0x1234_5678L;
  static final long SUBSCRIBER_SSRC = 0x6ABC_DEF0L;
  /** encrypt() uses its own SSRC (own SRTP context) so the self-check's packet cannot collide with its sequence. */
  static final long ENCRYPT_SSRC = 0x6ABC_DEF1L;

  /** SRTP profile of both legs. */
  @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
  public String profile;

  /** Plaintext RTP packet size (12-byte header included): Opus-sized and video-sized. */
  @Param({"100", "1200"})
  public int size;

  /**
   * AES implementation: "auto" lets jitsi-srtp pick by its start-up micro-benchmark (as the server
   * does; for AES/CTR it flips between SunJCE and OpenSSL from one JVM to the next), or pin one
   * with jitsi-srtp's factory names, e.g. {@code -p aes=OpenSSL} or {@code -p aes=SunJCE}.
   */
  @Param({"auto"})
  public String aes;

  private SrtpSession browserSend;
  private SrtpSession serverFromPublisher;
  private SrtpSession serverToSubscriber;
  private final byte[][] wire = new byte[BATCH][];
  private final int[] wireLength = new int[BATCH];
  private final byte[] scratch = new byte[2048];
  private final byte[] out = new byte[2048];
  private byte[] plain;
  private int publisherSeq;
  private long publisherTs;
  private int encryptSeq;
  private final int seqOffset = 0x3A5C;
  private final long tsOffset = 0x1234_5678L;

  @Setup(Level.Trial)
  public void setUp() {
    if (!aes.equals("auto")) org.jitsi.srtp.crypto.Aes.setFactoryClassName(aes);
    SrtpProfile p = SrtpProfile.valueOf(profile);
    SecureRandom random = new SecureRandom();
    byte[] publishLeg = new byte[2 * (p.keyLength() + p.saltLength())];
    byte[] subscribeLeg = new byte[publishLeg.length];
    random.nextBytes(publishLeg);
    random.nextBytes(subscribeLeg);
    browserSend = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, publishLeg, false));
    serverFromPublisher = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, publishLeg, true));
    serverToSubscriber = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, subscribeLeg, true));
    plain = new byte[size];
    random.nextBytes(plain);
    plain[0] = (byte) 0x80;
    plain[1] = (byte) (size <= 200 ? 111 : 96);
    RtpHeader.setSsrc(plain, 0, PUBLISHER_SSRC);
    publisherSeq = random.nextInt(0x8000);
    for (int i = 0; i < wire.length; i++) wire[i] = new byte[size + 32];

    // One packet through the whole path, decrypted again as the subscriber's browser would.
    SrtpSession subscriberBrowser = new SrtpSession(SrtpKeyMaterial.fromDtlsExport(p, subscribeLeg, false));
    refill();
    int n = forwardOne(0);
    int m = subscriberBrowser.unprotectRtp(out, 0, n, SUBSCRIBER_SSRC);
    if (m != size || RtpHeader.ssrc(out, 0, m) != SUBSCRIBER_SSRC
        || !Arrays.equals(out, 12, size, plain, 12, size)) {
      throw new IllegalStateException("forward path self-check failed for " + profile + " / " + size + " B");
    }
    subscriberBrowser.close();
  }

  /** Not timed: BATCH fresh SRTP packets from the publisher's browser, consecutive sequence numbers. */
  @Setup(Level.Invocation)
  public void refill() {
    for (int i = 0; i < BATCH; i++) {
      byte[] w = wire[i];
      System.arraycopy(plain, 0, w, 0, size);
      RtpHeader.setSequenceNumber(w, 0, publisherSeq);
      RtpHeader.setTimestamp(w, 0, publisherTs);
      publisherSeq = (publisherSeq + 1) & 0xFFFF;
      publisherTs += 960;
      wireLength[i] = browserSend.protectRtp(w, 0, size, PUBLISHER_SSRC);
      if (wireLength[i] < 0) throw new IllegalStateException("browser-side encrypt failed");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    browserSend.close();
    serverFromPublisher.close();
    serverToSubscriber.close();
  }

  /** decrypt + rewrite + encrypt for one subscriber, per packet. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void forward(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) bh.consume(forwardOne(i));
  }

  /** The SRTP decrypt half alone (with the copy into the scratch array), per packet. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void decrypt(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) {
      int len = wireLength[i];
      System.arraycopy(wire[i], 0, scratch, 0, len);
      int n = serverFromPublisher.unprotectRtp(scratch, 0, len, PUBLISHER_SSRC);
      if (n < 0) throw new IllegalStateException("decrypt failed");
      bh.consume(n);
    }
  }

  /** The rewrite + SRTP encrypt half alone (with the copy into the leg's buffer), per packet. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void encrypt(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) {
      System.arraycopy(plain, 0, out, 0, size);
      RtpHeader.setSsrc(out, 0, ENCRYPT_SSRC);
      RtpHeader.setSequenceNumber(out, 0, encryptSeq);
      RtpHeader.setTimestamp(out, 0, encryptSeq * 960L);
      encryptSeq = (encryptSeq + 1) & 0xFFFF;
      int m = serverToSubscriber.protectRtp(out, 0, size, ENCRYPT_SSRC);
      if (m < 0) throw new IllegalStateException("encrypt failed");
      bh.consume(m);
    }
  }

  private int forwardOne(int i) {
    int len = wireLength[i];
    System.arraycopy(wire[i], 0, scratch, 0, len); // DatagramDemuxHandler: Netty buffer -> scratch
    int n = serverFromPublisher.unprotectRtp(scratch, 0, len, RtpHeader.ssrc(scratch, 0, len));
    if (n < 0) throw new IllegalStateException("decrypt failed");
    System.arraycopy(scratch, 0, out, 0, n); // DownTrack.forward: into the leg's own buffer
    int seq = RtpHeader.sequenceNumber(out, 0, n);
    long ts = RtpHeader.timestamp(out, 0, n);
    RtpHeader.setSsrc(out, 0, SUBSCRIBER_SSRC);
    RtpHeader.setSequenceNumber(out, 0, (seq + seqOffset) & 0xFFFF);
    RtpHeader.setTimestamp(out, 0, (ts + tsOffset) & 0xFFFFFFFFL);
    int m = serverToSubscriber.protectRtp(out, 0, n, SUBSCRIBER_SSRC);
    if (m < 0) throw new IllegalStateException("encrypt failed");
    return m;
  }
}
