package org.telerounds.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds every truncation of every fixture (RTP and RTCP, at offset 0 and embedded in a larger
 * buffer) and 10,000 seeded random or mutated buffers to every RTP accessor; none may throw.
 */
class RtpRobustnessTest {
  static final int RANDOM_BUFFERS = 10_000;

  /** Calls every read-only RTP API on the window and checks basic invariants. */
  static void exercise(byte[] b, int off, int len) {
    boolean rtp = RtpHeader.isRtp(b, off, len);
    RtpHeader.version(b, off, len);
    RtpHeader.hasPadding(b, off, len);
    RtpHeader.hasExtension(b, off, len);
    RtpHeader.csrcCount(b, off, len);
    RtpHeader.marker(b, off, len);
    RtpHeader.payloadType(b, off, len);
    RtpHeader.sequenceNumber(b, off, len);
    RtpHeader.timestamp(b, off, len);
    RtpHeader.ssrc(b, off, len);
    int header = RtpHeader.headerLength(b, off, len);
    int padding = RtpHeader.paddingLength(b, off, len);
    int payload = RtpHeader.payloadLength(b, off, len);
    if (payload >= 0) {
      assertThat(header + padding + payload).isEqualTo(len);
    }
    for (int id = -1; id <= 256; id++) {
      int at = RtpHeader.findExtension(b, off, len, id);
      int extLen = RtpHeader.extensionLength(b, off, len, id);
      if (at >= 0) {
        assertThat(at + extLen).isLessThanOrEqualTo(off + header);
      }
    }
    for (int id = 0; id <= 15; id++) {
      RtpHeader.readMid(b, off, len, id);
    }
    RtpPacket packet = RtpPacket.parse(b, off, len);
    assertThat(packet != null).isEqualTo(rtp && payload >= 0);
  }

  @Test
  void everyTruncationOfEveryFixture() {
    for (String name : Fixtures.all()) {
      byte[] full = Fixtures.load(name);
      byte[] embedded = Fixtures.embed(full, 3, 17, (byte) 0xFF);
      for (int len = 0; len <= full.length; len++) {
        exercise(Arrays.copyOf(full, len), 0, len);
        exercise(embedded, 3, len);
      }
    }
  }

  @Test
  void seededRandomAndMutatedBuffers() {
    Random random = new Random(0x5EEDL);
    List<String> names = Fixtures.all();
    for (int i = 0; i < RANDOM_BUFFERS; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = new byte[random.nextInt(200)];
        random.nextBytes(b);
        if (b.length > 0 && i % 4 == 0) {
          b[0] = (byte) (0x80 | (b[0] & 0x3F)); // version 2 to get past the first check
        }
      } else {
        b = Fixtures.load(names.get(random.nextInt(names.size())));
        for (int flips = 1 + random.nextInt(4); flips > 0 && b.length > 0; flips--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      int off = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      exercise(b, 0, b.length);
      exercise(b, off, b.length - off);
      exercise(b, off, random.nextInt(300) - 50);
    }
  }
}
