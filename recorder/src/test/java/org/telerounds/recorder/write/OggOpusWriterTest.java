package org.telerounds.recorder.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class OggOpusWriterTest {
  @Test
  void oggCrcMatchesTheReferenceValue() {
    // Ogg's CRC-32 (poly 0x04c11db7, no reflection, init 0): "123456789" -> 0x89A1897F
    assertThat(OggOpusWriter.crc(0, "123456789".getBytes(), 0, 9)).isEqualTo(0x89A1897F);
  }

  @Test
  void segmentsConcatenateIntoOneStreamWithContinuingPagesAndGranules() throws Exception {
    OggOpusWriter w = new OggOpusWriter(42);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    byte[] packet = {(byte) 0xF8, 1, 2, 3};
    w.switchTo(first);
    w.write(packet, 0, 4, 1000, true);
    w.switchTo(second);
    w.write(packet, 0, 4, 1960, true);
    w.write(packet, 0, 4, 4000 + 1960, true); // 40 ms muted: the granule keeps the gap
    ByteBuffer a = ByteBuffer.wrap(first.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer b = ByteBuffer.wrap(second.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(pageSequences(a)).containsExactly(0, 1, 2);
    assertThat(pageSequences(b)).containsExactly(3, 4);
    assertThat(granules(b)).containsExactly(1920L, 4000L + 1920L);
  }

  static java.util.List<Integer> pageSequences(ByteBuffer b) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    for (int p = 0; p < b.limit(); p = next(b, p)) out.add(b.getInt(p + 18));
    return out;
  }

  static java.util.List<Long> granules(ByteBuffer b) {
    java.util.List<Long> out = new java.util.ArrayList<>();
    for (int p = 0; p < b.limit(); p = next(b, p)) out.add(b.getLong(p + 6));
    return out;
  }

  static int next(ByteBuffer b, int p) {
    int segs = b.get(p + 26) & 0xFF;
    int len = 0;
    for (int i = 0; i < segs; i++) len += b.get(p + 27 + i) & 0xFF;
    return p + 27 + segs + len;
  }
}
