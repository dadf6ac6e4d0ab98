package org.telerounds.media.srtp;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP protection for one transport, with jitsi-srtp (OpenSSL-backed) doing the crypto.
 * Contexts are derived lazily per SSRC. All methods run on the transport's event-loop thread, so
 * the per-SSRC maps need no locking; replay protection is on for both directions.
 */
public final class SrtpSession implements AutoCloseable {
  private static final LoggerImpl JITSI_LOG = new LoggerImpl("media.srtp");
  /** A peer sends a handful of SSRCs (media + RTX per track); more than this is refused. */
  static final int MAX_REMOTE_SSRCS = 64;
  private final SrtpProfile profile;
  private final SrtpContextFactory encryptFactory;
  private final SrtpContextFactory decryptFactory;
  private final Map<Long, SrtpCryptoContext> encrypt = new HashMap<>();
  private final Map<Long, SrtpCryptoContext> decrypt = new HashMap<>();
  private final Map<Long, SrtcpCryptoContext> encryptRtcp = new HashMap<>();
  private final Map<Long, SrtcpCryptoContext> decryptRtcp = new HashMap<>();
  private final ArrayBuffer window = new ArrayBuffer();

  public SrtpSession(SrtpKeyMaterial keys) {
    this.profile = keys.profile();
    this.encryptFactory = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), profile.policy(),
        profile.policy(), JITSI_LOG);
    this.decryptFactory = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), profile.policy(),
        profile.policy(), JITSI_LOG);
  }

  public SrtpProfile profile() { return profile; }

  /** Worst-case bytes that protecting a packet appends (SRTCP index + tag). */
  public int maxOverhead() { return profile.tagLength() + 4; }

  /** Decrypts an SRTP packet in place; returns the plaintext length, or -1 if it fails (auth, replay). */
  public int unprotectRtp(byte[] b, int off, int len, long ssrc) {
    try {
      SrtpCryptoContext c = decrypt.get(ssrc);
      boolean fresh = c == null;
      if (fresh) {
        if (decrypt.size() >= MAX_REMOTE_SSRCS) return -1;
        c = decryptFactory.deriveContext((int) ssrc, 0);
      }
      window.wrap(b, off, len, len); // decrypting only shrinks the packet
      if (c.reverseTransformPacket(window, false) != SrtpErrorStatus.OK) return -1;
      if (fresh) decrypt.put(ssrc, c); // kept only once a packet authenticated: forged SSRCs cost no memory
      return window.getLength();
    } catch (GeneralSecurityException e) {
      return -1;
    }
  }

  /**
   * Drops the contexts of {@code ssrc} (a stream that ended: a removed leg, a track that went
   * away), so a long round with many streams coming and going holds only the live ones. A later
   * packet of that SSRC starts a fresh context.
   */
  public void forget(long ssrc) {
    encrypt.remove(ssrc);
    decrypt.remove(ssrc);
    encryptRtcp.remove(ssrc);
    decryptRtcp.remove(ssrc);
  }

  /** Encrypts an RTP packet in place; {@code b} must have {@link #maxOverhead} spare bytes. */
  public int protectRtp(byte[] b, int off, int len, long ssrc) {
    return protectRtp(b, off, len, b.length - off, ssrc);
  }

  /**
   * Encrypts an RTP packet in place, writing nothing past {@code off + capacity} (the packet's own
   * buffer); returns the protected length, or -1 if it fails or there is no room for the tag.
   */
  public int protectRtp(byte[] b, int off, int len, int capacity, long ssrc) {
    // AES-GCM writes its tag straight into the array: check the room first, not only as it grows
    if (capacity - len < profile.tagLength()) return -1;
    try {
      SrtpCryptoContext c = encrypt.get(ssrc);
      if (c == null) {
        c = encryptFactory.deriveContext((int) ssrc, 0);
        encrypt.put(ssrc, c);
      }
      window.wrap(b, off, len, capacity);
      return c.transformPacket(window) == SrtpErrorStatus.OK ? window.getLength() : -1;
    } catch (GeneralSecurityException | ArrayBuffer.Full e) {
      return -1;
    }
  }

  /** Decrypts an SRTCP packet in place; returns the plaintext length or -1. */
  public int unprotectRtcp(byte[] b, int off, int len, long senderSsrc) {
    try {
      SrtcpCryptoContext c = decryptRtcp.get(senderSsrc);
      boolean fresh = c == null;
      if (fresh) {
        if (decryptRtcp.size() >= MAX_REMOTE_SSRCS) return -1;
        c = decryptFactory.deriveControlContext((int) senderSsrc);
      }
      window.wrap(b, off, len, len);
      if (c.reverseTransformPacket(window) != SrtpErrorStatus.OK) return -1;
      if (fresh) decryptRtcp.put(senderSsrc, c);
      return window.getLength();
    } catch (GeneralSecurityException e) {
      return -1;
    }
  }

  /** Encrypts an RTCP packet in place; {@code b} must have {@link #maxOverhead} spare bytes. */
  public int protectRtcp(byte[] b, int off, int len, long senderSsrc) {
    return protectRtcp(b, off, len, b.length - off, senderSsrc);
  }

  /** Encrypts an RTCP packet in place within {@code off + capacity}; -1 if it fails or does not fit. */
  public int protectRtcp(byte[] b, int off, int len, int capacity, long senderSsrc) {
    if (capacity - len < maxOverhead()) return -1; // the tag and the 4-byte SRTCP index
    try {
      SrtcpCryptoContext c = encryptRtcp.get(senderSsrc);
      if (c == null) {
        c = encryptFactory.deriveControlContext((int) senderSsrc);
        encryptRtcp.put(senderSsrc, c);
      }
      window.wrap(b, off, len, capacity);
      return c.transformPacket(window) == SrtpErrorStatus.OK ? window.getLength() : -1;
    } catch (GeneralSecurityException | ArrayBuffer.Full e) {
      return -1;
    }
  }

  @Override
  public void close() {
    // Contexts hold OpenSSL ciphers released by jitsi-srtp's cleaners once unreachable.
    encrypt.clear();
    decrypt.clear();
    encryptRtcp.clear();
    decryptRtcp.clear();
    encryptFactory.close();
    decryptFactory.close();
  }
}
