package org.telerounds.media.ice;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;

/**
 * A STUN message (RFC 5389) as ICE uses it: type, transaction id and the handful of attributes a
 * binding check carries. Parsing never throws on network input: {@link #parse} returns null for
 * anything malformed. MESSAGE-INTEGRITY and FINGERPRINT are computed with ice4j's primitives.
 */
public final class StunMessage {
  public static final int BINDING_REQUEST = 0x0001;
  public static final int BINDING_SUCCESS = 0x0101;
  public static final int BINDING_ERROR = 0x0111;
  public static final int BINDING_INDICATION = 0x0011;
  static final int MAGIC_COOKIE = 0x2112A442;

  static final int ATTR_MAPPED_ADDRESS = 0x0001;
  static final int ATTR_USERNAME = 0x0006;
  static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
  static final int ATTR_ERROR_CODE = 0x0009;
  static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
  static final int ATTR_PRIORITY = 0x0024;
  static final int ATTR_USE_CANDIDATE = 0x0025;
  static final int ATTR_FINGERPRINT = 0x8028;
  static final int ATTR_ICE_CONTROLLED = 0x8029;
  static final int ATTR_ICE_CONTROLLING = 0x802A;

  private final byte[] raw;
  private final int type;
  private final byte[] transactionId;
  private String username;
  private int integrityOffset = -1;
  private int fingerprintOffset = -1;
  private boolean useCandidate;
  private boolean iceControlling;
  private long priority;

  private StunMessage(byte[] raw, int type, byte[] transactionId) {
    this.raw = raw;
    this.type = type;
    this.transactionId = transactionId;
  }

  /** True when the datagram looks like STUN: first two bits zero and the magic cookie present. */
  public static boolean isStun(byte[] b, int off, int len) {
    return len >= 20 && (b[off] & 0xC0) == 0 && readInt(b, off + 4) == MAGIC_COOKIE
        && ((b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF)) + 20 == len;
  }

  /** Parses a STUN message, or returns null if it is malformed. The bytes are copied. */
  public static StunMessage parse(byte[] b, int off, int len) {
    if (!isStun(b, off, len)) {
      return null;
    }
    byte[] raw = Arrays.copyOfRange(b, off, off + len);
    int type = (raw[0] & 0xFF) << 8 | (raw[1] & 0xFF);
    StunMessage m = new StunMessage(raw, type, Arrays.copyOfRange(raw, 8, 20));
    int p = 20;
    while (p + 4 <= len) {
      int at = (raw[p] & 0xFF) << 8 | (raw[p + 1] & 0xFF);
      int alen = (raw[p + 2] & 0xFF) << 8 | (raw[p + 3] & 0xFF);
      int v = p + 4;
      if (v + alen > len) {
        return null;
      }
      switch (at) {
        case ATTR_USERNAME -> m.username = new String(raw, v, alen, StandardCharsets.UTF_8);
        case ATTR_MESSAGE_INTEGRITY -> {
          if (alen != 20) return null;
          m.integrityOffset = p;
        }
        case ATTR_FINGERPRINT -> {
          if (alen != 4) return null;
          m.fingerprintOffset = p;
        }
        case ATTR_USE_CANDIDATE -> m.useCandidate = true;
        case ATTR_ICE_CONTROLLING -> m.iceControlling = true;
        case ATTR_PRIORITY -> m.priority = alen == 4 ? readInt(raw, v) & 0xFFFFFFFFL : 0;
        default -> { }
      }
      p = v + ((alen + 3) & ~3);
    }
    return p == len ? m : null;
  }

  public int type() { return type; }
  public byte[] transactionId() { return transactionId.clone(); }
  public String username() { return username; }
  public boolean useCandidate() { return useCandidate; }
  public boolean iceControlling() { return iceControlling; }
  public long priority() { return priority; }
  public boolean hasIntegrity() { return integrityOffset >= 0; }
  public boolean hasFingerprint() { return fingerprintOffset >= 0; }

  /** Verifies FINGERPRINT (CRC-32 xor 0x5354554e over everything before it), if present. */
  public boolean fingerprintValid() {
    if (fingerprintOffset < 0) {
      return false;
    }
    byte[] copy = raw.clone();
    setLength(copy, fingerprintOffset + 8 - 20);
    byte[] crc = FingerprintAttribute.calculateXorCRC32(copy, 0, fingerprintOffset);
    return Arrays.equals(crc, 0, 4, raw, fingerprintOffset + 4, fingerprintOffset + 8);
  }

  /** Verifies MESSAGE-INTEGRITY (HMAC-SHA1 keyed with the short-term password, RFC 5389 §15.4). */
  public boolean integrityValid(String password) {
    if (integrityOffset < 0) {
      return false;
    }
    byte[] copy = Arrays.copyOf(raw, integrityOffset);
    setLength(copy, integrityOffset + 24 - 20);
    byte[] mac = MessageIntegrityAttribute.calculateHmacSha1(copy, 0, integrityOffset,
        password.getBytes(StandardCharsets.UTF_8));
    return java.security.MessageDigest.isEqual(mac,
        Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 24));
  }

  /** Builds a binding success response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT. */
  public static byte[] bindingSuccess(byte[] transactionId, InetSocketAddress mapped, String password) {
    return new Builder(BINDING_SUCCESS, transactionId).xorMappedAddress(mapped).sign(password);
  }

  /** Builds a binding error response (e.g. 401 Unauthorized, 400 Bad Request) with FINGERPRINT. */
  public static byte[] bindingError(byte[] transactionId, int code, String reason) {
    return new Builder(BINDING_ERROR, transactionId).errorCode(code, reason).sign(null);
  }

  /** Builds a binding request; used by tests and by the load-test client. */
  public static Builder request(byte[] transactionId) {
    return new Builder(BINDING_REQUEST, transactionId);
  }

  static void setLength(byte[] m, int length) {
    m[2] = (byte) (length >> 8);
    m[3] = (byte) length;
  }

  static int readInt(byte[] b, int o) {
    return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
  }

  /** Writes STUN messages attribute by attribute; integrity and fingerprint go last. */
  public static final class Builder {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
    private final byte[] transactionId;

    Builder(int type, byte[] transactionId) {
      this.transactionId = transactionId;
      out.write(type >> 8);
      out.write(type);
      out.write(0);
      out.write(0);
      writeInt(MAGIC_COOKIE);
      out.write(transactionId, 0, 12);
    }

    public Builder username(String u) {
      return attr(ATTR_USERNAME, u.getBytes(StandardCharsets.UTF_8));
    }

    public Builder priority(long p) {
      return attr(ATTR_PRIORITY, new byte[] {(byte) (p >> 24), (byte) (p >> 16), (byte) (p >> 8), (byte) p});
    }

    public Builder useCandidate() {
      return attr(ATTR_USE_CANDIDATE, new byte[0]);
    }

    public Builder iceControlling(long tieBreaker) {
      byte[] v = new byte[8];
      for (int i = 0; i < 8; i++) v[i] = (byte) (tieBreaker >> (56 - 8 * i));
      return attr(ATTR_ICE_CONTROLLING, v);
    }

    Builder errorCode(int code, String reason) {
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      byte[] v = new byte[4 + r.length];
      v[2] = (byte) (code / 100);
      v[3] = (byte) (code % 100);
      System.arraycopy(r, 0, v, 4, r.length);
      return attr(ATTR_ERROR_CODE, v);
    }

    Builder xorMappedAddress(InetSocketAddress a) {
      InetAddress ip = a.getAddress();
      byte[] addr = ip.getAddress();
      byte[] v = new byte[4 + addr.length];
      v[1] = (byte) (ip instanceof Inet6Address ? 2 : 1);
      int port = a.getPort() ^ (MAGIC_COOKIE >>> 16);
      v[2] = (byte) (port >> 8);
      v[3] = (byte) port;
      byte[] mask = new byte[16];
      writeInt(mask, 0, MAGIC_COOKIE);
      System.arraycopy(transactionId, 0, mask, 4, 12);
      for (int i = 0; i < addr.length; i++) v[4 + i] = (byte) (addr[i] ^ mask[i]);
      return attr(ATTR_XOR_MAPPED_ADDRESS, v);
    }

    private Builder attr(int type, byte[] value) {
      out.write(type >> 8);
      out.write(type);
      out.write(value.length >> 8);
      out.write(value.length);
      out.write(value, 0, value.length);
      for (int i = value.length; (i & 3) != 0; i++) out.write(0);
      return this;
    }

    /** Appends MESSAGE-INTEGRITY (when a password is given) and FINGERPRINT, and returns the bytes. */
    public byte[] sign(String password) {
      if (password != null) {
        byte[] m = out.toByteArray();
        setLength(m, m.length + 24 - 20);
        attr(ATTR_MESSAGE_INTEGRITY, MessageIntegrityAttribute.calculateHmacSha1(m, 0, m.length,
            password.getBytes(StandardCharsets.UTF_8)));
      }
      byte[] m = out.toByteArray();
      setLength(m, m.length + 8 - 20);
      attr(ATTR_FINGERPRINT, FingerprintAttribute.calculateXorCRC32(m, 0, m.length));
      byte[] done = out.toByteArray();
      setLength(done, done.length - 20);
      return done;
    }

    private void writeInt(int v) {
      out.write(v >> 24);
      out.write(v >> 16);
      out.write(v >> 8);
      out.write(v);
    }

    private static void writeInt(byte[] b, int o, int v) {
      b[o] = (byte) (v >> 24);
      b[o + 1] = (byte) (v >> 16);
      b[o + 2] = (byte) (v >> 8);
      b[o + 3] = (byte) v;
    }
  }
}
