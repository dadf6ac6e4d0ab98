package org.telerounds.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telerounds.media.ice.StunMessage;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.metrics.MediaMetrics.PacketType;
import org.telerounds.media.srtp.SrtpProfile;

/**
 * The media port on a real loopback socket answers only authenticated connectivity checks. STUN
 * naming an unknown ufrag, failing MESSAGE-INTEGRITY or lacking it is dropped without any reply
 * (a 48-byte 401 to a 20-byte spoofed request made the port a reflector) and counted by reason.
 */
class StunReflectionTest {
  private static final WebRtcTransport.Listener NONE = new WebRtcTransport.Listener() {
    @Override public void onRtp(WebRtcTransport t, byte[] b, int off, int len, long arrivalNanos) {}
    @Override public void onRtcp(WebRtcTransport t, byte[] b, int off, int len) {}
    @Override public void onConnected(WebRtcTransport t) {}
    @Override public void onFailed(WebRtcTransport t, String reason) {}
  };

  private static byte[] tx(int n) {
    byte[] id = new byte[12];
    Arrays.fill(id, (byte) n);
    return id;
  }

  @Test
  void unauthenticatedBindingRequestsGetNoReplyAndAreCounted() throws Exception {
    MediaMetrics metrics = new MediaMetrics(new SimpleMeterRegistry());
    try (TransportFactory factory = new TransportFactory("127.0.0.1", 0, List.of(SrtpProfile.values()), 30_000, org.telerounds.media.dtls.DtlsPool.Settings.DEFAULT,
            metrics, Clock.systemUTC());
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      WebRtcTransport t = factory.port().eventLoop().submit(() -> factory.create("t1", NONE)).get(5, TimeUnit.SECONDS);
      String ufrag = t.localUfrag();
      String pwd = t.localCredentials().password();
      InetSocketAddress port = factory.port().localAddress();

      byte[] bare = new byte[20]; // the 20-byte reflection probe: a binding request with nothing in it
      bare[1] = 0x01;
      bare[4] = 0x21; bare[5] = 0x12; bare[6] = (byte) 0xA4; bare[7] = 0x42;
      System.arraycopy(tx(1), 0, bare, 8, 12);
      byte[] unknownUfrag = StunMessage.request(tx(2)).username("nobody:cli1").priority(1).sign(pwd);
      byte[] badIntegrity = StunMessage.request(tx(3)).username(ufrag + ":cli1").priority(1).sign("not-the-password");
      byte[] good = StunMessage.request(tx(4)).username(ufrag + ":cli1").priority(1).useCandidate().sign(pwd);
      for (byte[] probe : List.of(bare, unknownUfrag, badIntegrity, good)) {
        udp.send(new DatagramPacket(probe, probe.length, port));
      }

      // Datagrams on loopback are handled in order on one event loop: had any probe been answered,
      // its reply would come before the one for the good check.
      udp.setSoTimeout(10_000);
      byte[] buf = new byte[1500];
      DatagramPacket reply = new DatagramPacket(buf, buf.length);
      udp.receive(reply);
      StunMessage m = StunMessage.parse(buf, 0, reply.getLength());
      assertThat(m.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
      assertThat(m.transactionId()).isEqualTo(tx(4));
      assertThat(metrics.packetsOut(PacketType.STUN)).isEqualTo(1.0);
      assertThat(metrics.drops(DropReason.UNKNOWN_UFRAG)).isEqualTo(2.0); // the bare probe has no USERNAME
      assertThat(metrics.drops(DropReason.STUN_UNAUTHORIZED)).isEqualTo(1.0);
    }
  }
}
