package org.telerounds.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telerounds.media.dtls.DtlsPool;
import org.telerounds.media.ice.StunMessage;
import org.telerounds.media.metrics.IcePathMetrics;
import org.telerounds.media.metrics.IcePathMetrics.TcpClose;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.srtp.SrtpProfile;

/**
 * The ICE-TCP listener on a real loopback socket: framed connectivity checks are answered framed
 * on the same connection and nominate it; a connection that never authenticates, one that sends an
 * oversize frame and one over the per-address cap are closed and counted by reason, and the
 * listener keeps serving the others.
 */
class IceTcpTest {
  private static final WebRtcTransport.Listener NONE = new WebRtcTransport.Listener() {
    @Override public void onRtp(WebRtcTransport t, byte[] b, int off, int len, long arrivalNanos) {}
    @Override public void onRtcp(WebRtcTransport t, byte[] b, int off, int len) {}
    @Override public void onConnected(WebRtcTransport t) {}
    @Override public void onFailed(WebRtcTransport t, String reason) {}
  };

  private MediaMetrics metrics;
  private IcePathMetrics paths;
  private TransportFactory factory;

  @BeforeEach
  void start() {
    metrics = new MediaMetrics(new SimpleMeterRegistry());
    paths = new IcePathMetrics(new SimpleMeterRegistry());
    factory = new TransportFactory("127.0.0.1", 0, List.of(SrtpProfile.values()), 30_000, DtlsPool.Settings.DEFAULT,
        new TcpMediaPort.Settings(true, 0, 10, 3, Duration.ofMillis(500)), Set.of(), metrics, paths,
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    factory.close();
  }

  private static byte[] tx(int n) {
    byte[] id = new byte[12];
    Arrays.fill(id, (byte) n);
    return id;
  }

  private static byte[] frame(byte[] p) {
    byte[] f = new byte[p.length + 2];
    f[0] = (byte) (p.length >> 8);
    f[1] = (byte) p.length;
    System.arraycopy(p, 0, f, 2, p.length);
    return f;
  }

  private Socket connect() throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), factory.tcpPort()), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  @Test
  void framedCheckIsAnsweredOnTheConnectionAndNominatesIt() throws Exception {
    WebRtcTransport t = factory.port().eventLoop().submit(() -> factory.create("r/e/sub", NONE)).get(5, TimeUnit.SECONDS);
    String ufrag = t.localUfrag();
    String pwd = t.localCredentials().password();
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      byte[] unknownUfrag = frame(StunMessage.request(tx(1)).username("nobody:cli").priority(1).sign(pwd));
      byte[] junk = frame(new byte[] {(byte) 0xF0, 1, 2, 3}); // first byte of no RFC 7983 class
      byte[] good = frame(StunMessage.request(tx(2)).username(ufrag + ":cli").priority(1).useCandidate().sign(pwd));
      byte[] all = new byte[unknownUfrag.length + junk.length + good.length];
      System.arraycopy(unknownUfrag, 0, all, 0, unknownUfrag.length);
      System.arraycopy(junk, 0, all, unknownUfrag.length, junk.length);
      System.arraycopy(good, 0, all, unknownUfrag.length + junk.length, good.length);
      // split inside the good frame's length prefix and inside its body
      int cut1 = unknownUfrag.length + junk.length + 1;
      out.write(all, 0, cut1);
      out.flush();
      Thread.sleep(50); // not a timing assert: only makes the split reach the server as two reads
      out.write(all, cut1, 20);
      out.flush();
      out.write(all, cut1 + 20, all.length - cut1 - 20);
      out.flush();

      DataInputStream in = new DataInputStream(s.getInputStream());
      int len = in.readUnsignedShort();
      byte[] reply = new byte[len];
      in.readFully(reply);
      StunMessage m = StunMessage.parse(reply, 0, len);
      assertThat(m.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
      assertThat(m.transactionId()).isEqualTo(tx(2));
      assertThat(metrics.drops(DropReason.UNKNOWN_UFRAG)).isEqualTo(1.0);
      assertThat(metrics.drops(DropReason.UNKNOWN_TYPE)).isEqualTo(1.0);
      assertThat(factory.port().eventLoop().submit(t::path).get(5, TimeUnit.SECONDS)).isEqualTo(IcePathMetrics.Path.TCP);
      assertThat(t.remoteAddress()).isEqualTo(s.getLocalSocketAddress());

      // the authenticated connection outlives the auth timeout
      Thread.sleep(800); // longer than auth-timeout = 500ms; the assertion is that nothing happened
      assertThat(paths.tcpOpen()).isEqualTo(1);
      assertThat(paths.tcpClosedCount(TcpClose.AUTH_TIMEOUT)).isZero();

      // closing the transport closes its connection
      factory.port().eventLoop().submit(() -> factory.destroy(t)).get(5, TimeUnit.SECONDS);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      await().atMost(Duration.ofSeconds(10)).until(() -> paths.tcpClosedCount(TcpClose.TRANSPORT_CLOSED) == 1.0);
    }
  }

  @Test
  void silentConnectionIsClosedAfterTheAuthTimeout() throws Exception {
    try (Socket s = connect()) {
      assertThat(s.getInputStream().read()).isEqualTo(-1); // the server closed it
      await().atMost(Duration.ofSeconds(10)).until(() -> paths.tcpClosedCount(TcpClose.AUTH_TIMEOUT) == 1.0);
      assertThat(paths.tcpOpen()).isZero();
    }
  }

  @Test
  void oversizeFrameClosesOnlyThatConnection() throws Exception {
    try (Socket bad = connect()) {
      bad.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3});
      bad.getOutputStream().flush();
      assertThat(readOrReset(bad.getInputStream())).isEqualTo(-1);
      await().atMost(Duration.ofSeconds(10)).until(() -> paths.tcpClosedCount(TcpClose.MALFORMED) == 1.0);
      // the listener still works: a new check on another connection is answered
      WebRtcTransport t = factory.port().eventLoop().submit(() -> factory.create("r/e/pub", NONE)).get(5, TimeUnit.SECONDS);
      Socket other = connect();
      other.getOutputStream().write(frame(StunMessage.request(tx(3)).username(t.localUfrag() + ":c").priority(1)
          .sign(t.localCredentials().password())));
      DataInputStream in = new DataInputStream(other.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      assertThat(StunMessage.parse(reply, 0, reply.length).type()).isEqualTo(StunMessage.BINDING_SUCCESS);
      other.close();
    }
  }

  @Test
  void connectionsOverThePerAddressCapAreRefused() throws Exception {
    try (Socket a = connect(); Socket b = connect(); Socket c = connect(); Socket d = connect()) {
      assertThat(readOrReset(d.getInputStream())).isEqualTo(-1);
      assertThat(paths.tcpClosedCount(TcpClose.LIMIT)).isEqualTo(1.0);
      await().atMost(Duration.ofSeconds(10)).until(() -> paths.tcpOpen() == 3);
    }
  }

  private static int readOrReset(InputStream in) {
    try {
      return in.read();
    } catch (java.io.IOException reset) {
      return -1;
    }
  }
}
