package org.telerounds.recorder.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  static byte[] packet(int seq) {
    byte[] p = new byte[12];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    return p;
  }

  static int seq(byte[] p) {
    return (p[2] & 0xFF) << 8 | (p[3] & 0xFF);
  }

  @Test
  void aLatePacketIsPutBackInPlace() {
    ReorderBuffer r = new ReorderBuffer(200_000_000L, 64);
    List<String> out = new ArrayList<>();
    r.add(packet(65534), 0, o -> out.add(seq(o.packet()) + (o.contiguous() ? "" : "!")));
    r.add(packet(0), 1_000_000, o -> out.add(seq(o.packet()) + (o.contiguous() ? "" : "!")));
    r.add(packet(65535), 2_000_000, o -> out.add(seq(o.packet()) + (o.contiguous() ? "" : "!")));
    assertThat(out).containsExactly("65534", "65535", "0");
  }

  @Test
  void aLostPacketIsSkippedAfterTheWaitAndMarked() {
    ReorderBuffer r = new ReorderBuffer(200_000_000L, 64);
    List<String> out = new ArrayList<>();
    r.add(packet(10), 0, o -> out.add(seq(o.packet()) + (o.contiguous() ? "" : "!")));
    r.add(packet(12), 10_000_000, o -> out.add(seq(o.packet()) + (o.contiguous() ? "" : "!")));
    assertThat(out).containsExactly("10");
    r.drain(150_000_000, o -> out.add(seq(o.packet()) + (o.contiguous() ? "" : "!")));
    assertThat(out).containsExactly("10");
    r.drain(220_000_000, o -> out.add(seq(o.packet()) + (o.contiguous() ? "" : "!")));
    assertThat(out).containsExactly("10", "12!");
    r.add(packet(11), 230_000_000, o -> out.add("late " + seq(o.packet())));
    assertThat(out).hasSize(2); // too late: already skipped
  }
}
