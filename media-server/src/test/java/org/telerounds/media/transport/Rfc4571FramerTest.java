package org.telerounds.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4571 framing of the ICE-TCP stream: any split of the stream yields the same frames; oversize frames end it. */
class Rfc4571FramerTest {
  private final List<byte[]> frames = new ArrayList<>();
  private final Rfc4571Framer.FrameSink sink = (b, off, len) -> frames.add(Arrays.copyOfRange(b, off, off + len));

  private static byte[] framed(byte[]... packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      out.write(p.length >> 8);
      out.write(p.length);
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] packet(int len, int seed) {
    byte[] p = new byte[len];
    for (int i = 0; i < len; i++) p[i] = (byte) (seed + i);
    return p;
  }

  @Test
  void severalFramesInOneRead() {
    Rfc4571Framer f = new Rfc4571Framer(2048);
    byte[] a = packet(20, 1), b = packet(1200, 2), c = packet(1, 3);
    assertThat(f.feed(framed(a, b, c), 0, 2 + 20 + 2 + 1200 + 2 + 1, sink)).isTrue();
    assertThat(frames).containsExactly(a, b, c);
    assertThat(f.buffered()).isZero();
  }

  @Test
  void framesSplitAtEveryPossibleByteAreReassembled() {
    byte[] a = packet(100, 7), b = packet(300, 9);
    byte[] stream = framed(a, b);
    for (int cut = 1; cut < stream.length; cut++) {
      frames.clear();
      Rfc4571Framer f = new Rfc4571Framer(2048);
      assertThat(f.feed(stream, 0, cut, sink)).isTrue();
      assertThat(f.feed(stream, cut, stream.length - cut, sink)).isTrue();
      assertThat(frames).as("cut at %d", cut).containsExactly(a, b);
    }
    // one byte at a time, with an offset into a larger array
    frames.clear();
    Rfc4571Framer f = new Rfc4571Framer(2048);
    byte[] padded = new byte[stream.length + 10];
    System.arraycopy(stream, 0, padded, 5, stream.length);
    for (int i = 0; i < stream.length; i++) assertThat(f.feed(padded, 5 + i, 1, sink)).isTrue();
    assertThat(frames).containsExactly(a, b);
  }

  @Test
  void anOversizeFrameEndsTheStreamWithoutBufferingIt() {
    Rfc4571Framer f = new Rfc4571Framer(2048);
    byte[] ok = packet(10, 1);
    byte[] stream = new byte[2 + 10 + 2 + 100];
    System.arraycopy(framed(ok), 0, stream, 0, 12);
    stream[12] = (byte) 0x08; // 2049: one byte over the limit
    stream[13] = (byte) 0x01;
    assertThat(f.feed(stream, 0, stream.length, sink)).isFalse();
    assertThat(frames).containsExactly(ok); // what came before still counts
  }

  @Test
  void garbageIsOnlyEverFramedAsPacketsWithinTheLimit() {
    java.util.Random r = new java.util.Random(42);
    for (int round = 0; round < 200; round++) {
      Rfc4571Framer f = new Rfc4571Framer(2048);
      byte[] junk = new byte[r.nextInt(5000)];
      r.nextBytes(junk);
      frames.clear();
      boolean ok = true;
      for (int off = 0; ok && off < junk.length; ) {
        int n = Math.min(junk.length - off, 1 + r.nextInt(700));
        ok = f.feed(junk, off, n, sink);
        off += n;
      }
      assertThat(frames).allSatisfy(p -> assertThat(p.length).isBetween(1, 2048));
      assertThat(f.buffered()).isLessThanOrEqualTo(2 + 2048);
    }
  }

  @Test
  void zeroLengthFramesAreSkipped() {
    Rfc4571Framer f = new Rfc4571Framer(2048);
    byte[] a = packet(3, 1);
    byte[] stream = framed(new byte[0], a, new byte[0]);
    assertThat(f.feed(stream, 0, stream.length, sink)).isTrue();
    assertThat(frames).containsExactly(a);
  }

  @Test
  void limitMustFitTheTwoByteLength() {
    assertThatThrownBy(() -> new Rfc4571Framer(65536)).isInstanceOf(IllegalArgumentException.class);
  }
}
