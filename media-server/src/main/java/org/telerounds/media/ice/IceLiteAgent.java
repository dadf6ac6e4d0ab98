package org.telerounds.media.ice;

import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * The server side of ICE for one transport, as an ICE-lite agent (RFC 8445 §2.5): it answers the
 * browser's connectivity checks, learns the nominated address, and tracks consent freshness
 * (RFC 7675). Checks that are not authenticated (no USERNAME or MESSAGE-INTEGRITY, another
 * remote ufrag, a MESSAGE-INTEGRITY or FINGERPRINT that fails) change nothing and get no answer at
 * all: an error response would be larger than the request and turn the media port into a
 * reflector for spoofed sources. The result says why it was refused so the caller can count it.
 */
public final class IceLiteAgent {
  /** Why a binding request was refused without a reply. */
  public enum Refusal { NOT_AUTHENTICATED, WRONG_UFRAG, BAD_INTEGRITY }

  /**
   * What a binding request produced: the success response to send, or {@code response == null}
   * and the {@code refusal} reason when the request is to be dropped silently.
   */
  public record CheckResult(byte[] response, boolean accepted, boolean nominated, Refusal refusal) {
    static CheckResult refused(Refusal why) {
      return new CheckResult(null, false, false, why);
    }
  }

  private final IceCredentials local;
  private final Clock clock;
  private volatile String remoteUfrag;
  private volatile InetSocketAddress selected;
  private volatile long lastConsentMillis;

  public IceLiteAgent(IceCredentials local, Clock clock) {
    this.local = local;
    this.clock = clock;
    this.lastConsentMillis = clock.millis();
  }

  public IceCredentials localCredentials() { return local; }

  /** Sets the peer's ufrag from its SDP; checks naming another ufrag are refused. */
  public void setRemoteUfrag(String ufrag) { this.remoteUfrag = ufrag; }

  /** The address the peer nominated, or null before nomination. */
  public InetSocketAddress selectedAddress() { return selected; }

  /** Milliseconds on the clock when the peer last proved consent. */
  public long lastConsentMillis() { return lastConsentMillis; }

  /** True when consent was refreshed within {@code timeoutMillis}. */
  public boolean hasConsent(long timeoutMillis) {
    return clock.millis() - lastConsentMillis <= timeoutMillis;
  }

  /** Handles a binding request already routed here by the local ufrag in its USERNAME. */
  public CheckResult onBindingRequest(StunMessage req, InetSocketAddress from) {
    if (!req.hasIntegrity() || req.username() == null) {
      return CheckResult.refused(Refusal.NOT_AUTHENTICATED);
    }
    String expectedPrefix = local.ufrag() + ":";
    String ru = remoteUfrag;
    boolean userOk = req.username().startsWith(expectedPrefix)
        && (ru == null || req.username().substring(expectedPrefix.length()).equals(ru));
    if (!userOk) {
      return CheckResult.refused(Refusal.WRONG_UFRAG);
    }
    if (!req.integrityValid(local.password()) || (req.hasFingerprint() && !req.fingerprintValid())) {
      return CheckResult.refused(Refusal.BAD_INTEGRITY);
    }
    lastConsentMillis = clock.millis();
    boolean nominate = req.useCandidate() || selected == null;
    if (nominate) {
      selected = from;
    }
    return new CheckResult(StunMessage.bindingSuccess(req.transactionId(), from, local.password()), true,
        req.useCandidate(), null);
  }

  /** The local ufrag a STUN USERNAME ("local:remote") is addressed to, or null. */
  public static String localUfragOf(String username) {
    if (username == null) return null;
    int colon = username.indexOf(':');
    return colon > 0 ? username.substring(0, colon) : null;
  }
}
