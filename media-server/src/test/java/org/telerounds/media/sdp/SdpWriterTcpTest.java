package org.telerounds.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The passive ICE-TCP candidate (RFC 6544) follows the UDP ones, at a lower priority, only when ICE-TCP is on. */
class SdpWriterTcpTest {
  private static String sdp(int tcpPort) {
    RtpCodec opus = new RtpCodec(111, "opus", 48000, 2, null, List.of());
    return SdpWriter.write(1, 2, new SdpWriter.LocalTransport("uf", "pw", "AA:BB", "passive",
        List.of("10.200.0.1", "192.168.4.7"), 10000, tcpPort), List.of(
            SdpWriter.Section.media("audio", "0", "recvonly", List.of(opus), Map.of(), null, List.of(), List.of(), null)));
  }

  @Test
  void tcpCandidatesArePassiveAndBelowUdp() throws Exception {
    List<String> c = SessionDescription.parse(sdp(443)).media().get(0).attrs("candidate");
    assertThat(c).containsExactly(
        "1 1 udp 2130706431 10.200.0.1 10000 typ host",
        "2 1 udp 2130706431 192.168.4.7 10000 typ host",
        "3 1 tcp " + SdpWriter.TCP_PRIORITY + " 10.200.0.1 443 typ host tcptype passive",
        "4 1 tcp " + SdpWriter.TCP_PRIORITY + " 192.168.4.7 443 typ host tcptype passive");
    assertThat(SdpWriter.TCP_PRIORITY).isLessThan(SdpWriter.UDP_PRIORITY).isGreaterThan(0);
    assertThat(SdpWriter.TCP_PRIORITY >> 24).as("type preference: host").isEqualTo(126);
  }

  @Test
  void noTcpCandidateWhenIceTcpIsOff() throws Exception {
    assertThat(SessionDescription.parse(sdp(0)).media().get(0).attrs("candidate")).noneMatch(l -> l.contains("tcp"));
  }
}
