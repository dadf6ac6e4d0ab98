package org.telerounds.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telerounds.media.rtp.Fixtures;

/**
 * Feeds every truncation of every fixture (RTCP and RTP, at offset 0 and embedded in a larger
 * buffer) and 10,000 seeded random, RTCP-shaped or bit-flipped buffers to the RTCP parser and
 * in-place rewriter: the only exception allowed is {@link MalformedPacketException}.
 */
class RtcpRobustnessTest {
  static final int RANDOM_BUFFERS = 10_000;

  static void exercise(byte[] b, int off, int len) {
    RtcpParser.isRtcp(b, off, len);
    try {
      List<RtcpPacket> packets = RtcpParser.parseCompound(b, off, len);
      assertThat(packets).isNotEmpty();
    } catch (MalformedPacketException expected) {
      assertThat(expected.parsedBeforeError()).isNotNull();
    }
    byte[] copy = b.clone();
    RtcpWriter.rewriteMediaSsrc(copy, off, len, 0xCAFEBABEL);
    if (off >= 0 && len >= 0 && off <= b.length - len) {
      assertThat(Arrays.copyOfRange(copy, 0, off)).isEqualTo(Arrays.copyOfRange(b, 0, off));
      assertThat(Arrays.copyOfRange(copy, off + len, b.length))
          .isEqualTo(Arrays.copyOfRange(b, off + len, b.length));
    }
  }

  @Test
  void everyTruncationOfEveryFixture() {
    for (String name : Fixtures.all()) {
      byte[] full = Fixtures.load(name);
      byte[] embedded = Fixtures.embed(full, 5, 9, (byte) 0x81);
      for (int len = 0; len <= full.length; len++) {
        exercise(Arrays.copyOf(full, len), 0, len);
        exercise(embedded, 5, len);
      }
    }
  }

  @Test
  void fullFixturesParseWithoutError() {
    for (String name : Fixtures.all()) {
      if (name.startsWith("rtcp/")) {
        byte[] b = Fixtures.load(name);
        assertThat(RtcpParser.parseCompound(b, 0, b.length)).as(name).isNotEmpty();
      }
    }
  }

  @Test
  void seededRandomAndMutatedBuffers() {
    Random random = new Random(0xC0FFEEL);
    List<String> names = Fixtures.all();
    int[] types = {200, 201, 202, 203, 204, 205, 206, 207};
    for (int i = 0; i < RANDOM_BUFFERS; i++) {
      byte[] b;
      switch (i % 3) {
        case 0 -> {
          b = new byte[random.nextInt(200)];
          random.nextBytes(b);
        }
        case 1 -> {
          // RTCP-shaped: valid version, known type and a length that fits, random body.
          int words = random.nextInt(12);
          b = new byte[4 * (words + 1) + random.nextInt(3) * 4];
          random.nextBytes(b);
          b[0] = (byte) (0x80 | (b[0] & 0x3F));
          b[1] = (byte) types[random.nextInt(types.length)];
          b[2] = 0;
          b[3] = (byte) words;
        }
        default -> {
          b = Fixtures.load(names.get(random.nextInt(names.size())));
          for (int flips = 1 + random.nextInt(4); flips > 0 && b.length > 0; flips--) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
          }
        }
      }
      int off = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      exercise(b, 0, b.length);
      exercise(b, off, b.length - off);
      exercise(b, off, random.nextInt(300) - 50);
    }
  }
}
