package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.telerounds.signaling.auth.Role;
import org.telerounds.media.ice.TurnCredentials;

/**
 * A real coturn, configured as docs/networks.md says (use-auth-secret, static-auth-secret, realm),
 * refuses a TURN Allocate whose MESSAGE-INTEGRITY was made with a wrong password, or whose
 * REST-API username has expired, with a 401; and accepts the credentials the server hands out in
 * "joined" ({@link TurnCredentials}), which proves the two agree on the scheme. The TURN client is
 * written here (RFC 5766 Allocate, RFC 5389 long-term credentials) over UDP on loopback.
 */
class TurnAuthIT {
  private static final int ALLOCATE = 0x0003;
  private static final int ALLOCATE_SUCCESS = 0x0103;
  private static final int ALLOCATE_ERROR = 0x0113;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void wrongOrExpiredCredentialsAreRefusedAndIssuedOnesAccepted() throws Exception {
    Prerequisites.here().tool(Coturn.BINARY, "apt-get install coturn");
    byte[] raw = new byte[36];
    RANDOM.nextBytes(raw);
    String secret = Base64.getEncoder().encodeToString(raw);
    try (Coturn coturn = new Coturn("127.0.0.1", "127.0.0.1", secret)) {
      InetSocketAddress server = new InetSocketAddress("127.0.0.1", coturn.port);
      TurnCredentials.IceServer good = new TurnCredentials(coturn.urls(), secret, Duration.ofHours(1),
          Clock.systemUTC()).issue("expert-1");

      // a valid-looking username with a wrong password: refused
      Map<Integer, byte[]> wrong = attempt(server, good.username(), "not-the-password");
      assertThat(typeOf(wrong)).as("an Allocate error response").isEqualTo(ALLOCATE_ERROR);
      assertThat(errorCode(wrong)).isEqualTo(401);

      // the right HMAC for an expired username: refused
      String expired = (System.currentTimeMillis() / 1000 - 60) + ":expert-1";
      Map<Integer, byte[]> old = attempt(server, expired,
          TurnCredentials.password(secret.getBytes(StandardCharsets.UTF_8), expired));
      assertThat(typeOf(old)).isEqualTo(ALLOCATE_ERROR);
      assertThat(errorCode(old)).isEqualTo(401);

      // what the server hands out in "joined": a relay is allocated
      Map<Integer, byte[]> ok = attempt(server, good.username(), good.credential());
      assertThat(typeOf(ok)).as("Allocate success; coturn log: %s", coturn.log()).isEqualTo(ALLOCATE_SUCCESS);
      assertThat(ok).containsKey(0x0016); // XOR-RELAYED-ADDRESS
    }
  }

  /**
   * The credentials a client gets in "joined" (iceServers: the configured URLs, a REST-API
   * username naming the participant, valid for the TTL) let it allocate a relay on coturn; a server
   * without TURN hands out none.
   */
  @Test
  void joinedCarriesIceServersThatCoturnAccepts() throws Exception {
    Prerequisites.here().tool(Coturn.BINARY, "apt-get install coturn");
    byte[] raw = new byte[36];
    RANDOM.nextBytes(raw);
    String secret = Base64.getEncoder().encodeToString(raw);
    try (Coturn coturn = new Coturn("127.0.0.1", "127.0.0.1", secret);
        TestServer server = new TestServer(Map.of("telerounds.media.turn.urls", coturn.urls(),
            "telerounds.media.turn.shared-secret", secret, "telerounds.media.turn.credential-ttl", "10m"));
        WsClient expert = new WsClient(server.ws(), "r1", server.token(Role.EXPERT, "r1"))) {
      expert.send("{\"type\":\"join\",\"name\":\"Dr Chen\"}");
      JsonNode joined = expert.next("joined");
      JsonNode ice = joined.path("iceServers");
      assertThat(ice.size()).isEqualTo(1);
      JsonNode entry = ice.get(0);
      assertThat(entry.path("urls").toString()).contains("?transport=udp", "?transport=tcp");
      String user = entry.path("username").asText();
      assertThat(user).endsWith(":" + joined.path("participantId").asText());
      long expiry = Long.parseLong(user.substring(0, user.indexOf(':')));
      long now = System.currentTimeMillis() / 1000;
      assertThat(expiry).isBetween(now + 9 * 60, now + 11 * 60);
      Map<Integer, byte[]> ok = attempt(new InetSocketAddress("127.0.0.1", coturn.port), user,
          entry.path("credential").asText());
      assertThat(typeOf(ok)).as("Allocate success; coturn log: %s", coturn.log()).isEqualTo(ALLOCATE_SUCCESS);
    }
    try (TestServer plain = new TestServer();
        WsClient expert = new WsClient(plain.ws(), "r1", plain.token(Role.EXPERT, "r1"))) {
      expert.send("{\"type\":\"join\",\"name\":\"Dr Chen\"}");
      assertThat(expert.next("joined").path("iceServers").size()).isZero();
    }
  }

  /**
   * One client (its own UDP socket, so its own 5-tuple and nonce): an Allocate without credentials
   * must be challenged with 401, the realm and a nonce; the authenticated retry's response is returned.
   */
  private static Map<Integer, byte[]> attempt(InetSocketAddress server, String user, String password) throws Exception {
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      udp.setSoTimeout(5000);
      Map<Integer, byte[]> challenge = exchange(udp, server, allocate(null, null, null, null));
      assertThat(errorCode(challenge)).isEqualTo(401);
      String realm = new String(challenge.get(0x0014), StandardCharsets.UTF_8);
      String nonce = new String(challenge.get(0x0015), StandardCharsets.UTF_8);
      assertThat(realm).isEqualTo(Coturn.REALM);
      return exchange(udp, server, allocate(user, realm, nonce, password));
    }
  }

  private static int typeOf(Map<Integer, byte[]> m) {
    byte[] t = m.get(-1);
    return ((t[0] & 0xFF) << 8) | (t[1] & 0xFF);
  }

  private static int errorCode(Map<Integer, byte[]> m) {
    byte[] e = m.get(0x0009);
    assertThat(e).as("ERROR-CODE attribute (message type 0x%04x)", typeOf(m)).isNotNull();
    return (e[2] & 0x07) * 100 + (e[3] & 0xFF);
  }

  /** An Allocate for UDP; with a username, long-term-credential MESSAGE-INTEGRITY over it. */
  private static byte[] allocate(String user, String realm, String nonce, String password) throws Exception {
    ByteArrayOutputStream attrs = new ByteArrayOutputStream();
    attr(attrs, 0x0019, new byte[] {17, 0, 0, 0}); // REQUESTED-TRANSPORT: UDP
    if (user != null) {
      attr(attrs, 0x0006, user.getBytes(StandardCharsets.UTF_8));
      attr(attrs, 0x0014, realm.getBytes(StandardCharsets.UTF_8));
      attr(attrs, 0x0015, nonce.getBytes(StandardCharsets.UTF_8));
    }
    byte[] tid = new byte[12];
    RANDOM.nextBytes(tid);
    byte[] body = attrs.toByteArray();
    int miLen = user != null ? 24 : 0;
    ByteBuffer msg = ByteBuffer.allocate(20 + body.length + miLen);
    msg.putShort((short) ALLOCATE).putShort((short) (body.length + miLen)).putInt(0x2112A442).put(tid).put(body);
    if (user != null) {
      byte[] key = MessageDigest.getInstance("MD5").digest((user + ":" + realm + ":" + password)
          .getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      mac.update(msg.array(), 0, 20 + body.length);
      msg.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
    }
    return msg.array();
  }

  private static void attr(ByteArrayOutputStream out, int type, byte[] value) {
    out.write(type >> 8);
    out.write(type);
    out.write(value.length >> 8);
    out.write(value.length);
    out.writeBytes(value);
    for (int i = value.length; i % 4 != 0; i++) out.write(0);
  }

  /** Sends a request and parses the response: attributes by type, the message type under -1. */
  private static Map<Integer, byte[]> exchange(DatagramSocket udp, InetSocketAddress to, byte[] req) throws Exception {
    udp.send(new DatagramPacket(req, req.length, to));
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    udp.receive(p);
    ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength());
    Map<Integer, byte[]> out = new HashMap<>();
    out.put(-1, new byte[] {buf[0], buf[1]});
    b.position(20);
    while (b.remaining() >= 4) {
      int type = b.getShort() & 0xFFFF;
      int len = b.getShort() & 0xFFFF;
      if (len > b.remaining()) break;
      byte[] v = new byte[len];
      b.get(v);
      out.put(type, v);
      b.position(b.position() + ((4 - len % 4) % 4));
    }
    return out;
  }
}
