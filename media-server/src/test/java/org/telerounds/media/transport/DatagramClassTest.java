package org.telerounds.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatagramClassTest {
  static DatagramClass of(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
    return DatagramClass.of(b, 0, b.length);
  }

  @Test
  void rfc7983Ranges() {
    assertThat(of(0x00, 0x01)).isEqualTo(DatagramClass.STUN);
    assertThat(of(0x03, 0x01)).isEqualTo(DatagramClass.STUN);
    assertThat(of(0x16, 0xFE)).isEqualTo(DatagramClass.DTLS);
    assertThat(of(0x80, 0x6F)).isEqualTo(DatagramClass.RTP);
    assertThat(of(0x80, 0xC8)).isEqualTo(DatagramClass.RTCP);
    assertThat(of(0x81, 0xCD)).isEqualTo(DatagramClass.RTCP);
    assertThat(of(0x40)).isEqualTo(DatagramClass.UNKNOWN);
    assertThat(of(0xFF, 0x00)).isEqualTo(DatagramClass.UNKNOWN);
    assertThat(of(0x80)).isEqualTo(DatagramClass.UNKNOWN);
    assertThat(of()).isEqualTo(DatagramClass.UNKNOWN);
  }
}
