package org.telerounds.media.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes time-limited TURN credentials in coturn's "TURN REST API" scheme ({@code use-auth-secret}
 * with {@code static-auth-secret}): the username is {@code "<expiry unix seconds>:<id>"} and the
 * password is base64(HMAC-SHA1(secret, username)). coturn checks both and refuses an expired
 * username, so a leaked credential dies by itself and no per-user state is shared with coturn.
 * The secret is never logged, nor shown by {@link #toString}.
 */
public final class TurnCredentials {
  /** One entry of RTCPeerConnection's {@code iceServers}. */
  public record IceServer(List<String> urls, String username, String credential) {
    @Override
    public String toString() {
      return "IceServer[urls=" + urls + ", username=" + username + ", credential=<redacted>]";
    }
  }

  private final List<String> urls;
  private final byte[] secret;
  private final Duration ttl;
  private final Clock clock;

  public TurnCredentials(List<String> urls, String sharedSecret, Duration ttl, Clock clock) {
    this.urls = List.copyOf(urls);
    this.secret = sharedSecret.getBytes(StandardCharsets.UTF_8);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Credentials for {@code id} (a participant id or a random id, never a name), valid for the TTL. */
  public IceServer issue(String id) {
    String username = (clock.instant().plus(ttl).getEpochSecond()) + ":" + id;
    return new IceServer(urls, username, password(secret, username));
  }

  /** base64(HMAC-SHA1(secret, username)), coturn's password for a REST-API username. */
  public static String password(byte[] secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "TurnCredentials[urls=" + urls + ", ttl=" + ttl + ", secret=<redacted>]";
  }
}
