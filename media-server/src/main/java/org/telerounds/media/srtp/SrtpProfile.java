package org.telerounds.media.srtp;

import org.jitsi.srtp.SrtpPolicy;

/** The SRTP protection profiles telerounds negotiates in DTLS use_srtp, with their key sizes. */
public enum SrtpProfile {
  /** RFC 7714 AES-GCM: about twice as cheap as AES-CM for video-sized packets. */
  AEAD_AES_128_GCM(0x0007, 16, 12, 16),
  /** RFC 5764 AES counter mode with an 80-bit HMAC-SHA1 tag. */
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10);

  private final int dtlsId;
  private final int keyLength;
  private final int saltLength;
  private final int tagLength;

  SrtpProfile(int dtlsId, int keyLength, int saltLength, int tagLength) {
    this.dtlsId = dtlsId;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.tagLength = tagLength;
  }

  public int dtlsId() { return dtlsId; }
  public int keyLength() { return keyLength; }
  public int saltLength() { return saltLength; }
  /** Bytes SRTP appends to every packet (authentication tag). SRTCP adds 4 more for the index. */
  public int tagLength() { return tagLength; }

  /** The jitsi-srtp policy for this profile, with replay protection on. */
  SrtpPolicy policy() {
    SrtpPolicy p = this == AEAD_AES_128_GCM
        ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, saltLength)
        : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, saltLength);
    p.setReceiveReplayEnabled(true);
    p.setSendReplayEnabled(true);
    return p;
  }
}
