package org.telerounds.media.srtp;

import java.util.Arrays;

/**
 * Master keys and salts for both directions of one DTLS-SRTP association, split from the exported
 * keying material as RFC 5764 §4.2 lays it out: client key, server key, client salt, server salt.
 */
public record SrtpKeyMaterial(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
    byte[] remoteSalt) {

  /** Splits {@code m}; {@code isServer} says which half is ours to send with. */
  public static SrtpKeyMaterial fromDtlsExport(SrtpProfile p, byte[] m, boolean isServer) {
    int k = p.keyLength();
    int s = p.saltLength();
    byte[] clientKey = Arrays.copyOfRange(m, 0, k);
    byte[] serverKey = Arrays.copyOfRange(m, k, 2 * k);
    byte[] clientSalt = Arrays.copyOfRange(m, 2 * k, 2 * k + s);
    byte[] serverSalt = Arrays.copyOfRange(m, 2 * k + s, 2 * k + 2 * s);
    return isServer
        ? new SrtpKeyMaterial(p, serverKey, serverSalt, clientKey, clientSalt)
        : new SrtpKeyMaterial(p, clientKey, clientSalt, serverKey, serverSalt);
  }

  @Override
  public String toString() {
    return "SrtpKeyMaterial[" + profile + ", keys redacted]";
  }
}
