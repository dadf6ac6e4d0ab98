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
 *
 * <p>An ICE restart (RFC 8445 §9) starts a new generation of credentials. Until the peer's first
 * accepted check of the new generation, checks of the previous one are still answered, so media
 * goes on over the old path while the new one is found; after it, the previous credentials are
 * refused. A restart before the last one completed replaces the unfinished generation and keeps
 * the one before it: a client that restarts twice in a row never loses a path that still works.
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

  /** One generation's credentials: ours, and the peer's ufrag once its SDP names it. */
  private record Generation(IceCredentials local, String remoteUfrag) {
    Generation withRemote(String ufrag) { return new Generation(local, ufrag); }
  }

  private final Clock clock;
  private volatile Generation current;
  /** The generation before the last restart, until the peer's first check of the new one. */
  private volatile Generation previous;
  private volatile InetSocketAddress selected;
  /** True from a restart until the new generation's first accepted check. */
  private volatile boolean restarted;
  private volatile long lastConsentMillis;

  public IceLiteAgent(IceCredentials local, Clock clock) {
    this.current = new Generation(local, null);
    this.clock = clock;
    this.lastConsentMillis = clock.millis();
  }

  /** The credentials of the current generation (the ones the next SDP carries). */
  public IceCredentials localCredentials() { return current.local(); }

  /** The peer's ufrag of the current generation, or null before its SDP named one. */
  public String remoteUfrag() { return current.remoteUfrag(); }

  /** Sets the peer's ufrag from its SDP; checks naming another ufrag are refused. */
  public void setRemoteUfrag(String ufrag) { this.current = current.withRemote(ufrag); }

  /**
   * Starts a new generation with {@code fresh} local credentials and no peer ufrag yet (the peer's
   * SDP of the restart names it). The selected address stays until the new generation selects one.
   */
  public void restart(IceCredentials fresh) {
    if (!restarted) previous = current; // a restart of an unfinished restart keeps the last one in use
    current = new Generation(fresh, null);
    restarted = true;
  }

  /** True from a restart until the peer's first accepted check of the new generation. */
  public boolean restartPending() { return restarted; }

  /** The local ufrag of the generation before the restart while it is still answered, or null. */
  public String previousUfrag() {
    Generation p = previous;
    return p == null ? null : p.local().ufrag();
  }

  /** The address the peer nominated, or null before nomination. */
  public InetSocketAddress selectedAddress() { return selected; }

  /** Milliseconds on the clock when the peer last proved consent. */
  public long lastConsentMillis() { return lastConsentMillis; }

  /** True when consent was refreshed within {@code timeoutMillis}. */
  public boolean hasConsent(long timeoutMillis) {
    return clock.millis() - lastConsentMillis <= timeoutMillis;
  }

  /**
   * Handles a binding request already routed here by the local ufrag in its USERNAME. The first
   * accepted check of a generation, or one with USE-CANDIDATE, selects {@code from}; the result
   * says so in {@code nominated} only for USE-CANDIDATE.
   */
  public CheckResult onBindingRequest(StunMessage req, InetSocketAddress from) {
    if (!req.hasIntegrity() || req.username() == null) {
      return CheckResult.refused(Refusal.NOT_AUTHENTICATED);
    }
    Generation now = current;
    Generation old = previous;
    Generation g = addressedTo(now, req.username()) ? now : old != null && addressedTo(old, req.username()) ? old : null;
    if (g == null) {
      return CheckResult.refused(Refusal.WRONG_UFRAG);
    }
    if (!req.integrityValid(g.local().password()) || (req.hasFingerprint() && !req.fingerprintValid())) {
      return CheckResult.refused(Refusal.BAD_INTEGRITY);
    }
    lastConsentMillis = clock.millis();
    boolean firstOfGeneration = g == now && restarted;
    if (firstOfGeneration) {
      restarted = false;
      previous = null;
    }
    boolean nominate = req.useCandidate() || selected == null || firstOfGeneration;
    if (nominate) {
      selected = from;
    }
    return new CheckResult(StunMessage.bindingSuccess(req.transactionId(), from, g.local().password()), true,
        req.useCandidate() || firstOfGeneration, null);
  }

  private static boolean addressedTo(Generation g, String username) {
    String prefix = g.local().ufrag() + ":";
    String ru = g.remoteUfrag();
    return username.startsWith(prefix) && (ru == null || username.substring(prefix.length()).equals(ru));
  }

  /** The local ufrag a STUN USERNAME ("local:remote") is addressed to, or null. */
  public static String localUfragOf(String username) {
    if (username == null) return null;
    int colon = username.indexOf(':');
    return colon > 0 ? username.substring(0, colon) : null;
  }
}
