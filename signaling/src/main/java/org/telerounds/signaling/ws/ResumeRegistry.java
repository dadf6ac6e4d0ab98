package org.telerounds.signaling.ws;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The sessions a client may resume, by resume token (docs/protocol.md#resume): every joined
 * session while it lasts, and for {@link #window} after its WebSocket dropped. A token is 32 random
 * bytes, handed out in {@code joined}, replaced at every resume and never logged. Thread-safe: the
 * sessions live on different event loops.
 */
public final class ResumeRegistry {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Duration window;
  private final ConcurrentHashMap<String, SignalingSession> sessions = new ConcurrentHashMap<>();

  /** {@code window} zero: no resume; a dropped WebSocket ends its session at once, as before. */
  public ResumeRegistry(Duration window) {
    if (window.isNegative()) throw new IllegalArgumentException("resume window must not be negative: " + window);
    this.window = window;
  }

  public Duration window() {
    return window;
  }

  public boolean enabled() {
    return !window.isZero();
  }

  static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  void put(String token, SignalingSession s) {
    sessions.put(token, s);
  }

  /** Removes and returns the session of {@code token} when {@code owner} accepts it; else null and it stays. */
  SignalingSession take(String token, Predicate<SignalingSession> owner) {
    SignalingSession[] taken = new SignalingSession[1];
    sessions.computeIfPresent(token, (k, s) -> {
      if (!owner.test(s)) return s;
      taken[0] = s;
      return null;
    });
    return taken[0];
  }

  void remove(String token, SignalingSession s) {
    if (token != null) sessions.remove(token, s);
  }

  /** Sessions that can be resumed now (joined, connected or not). */
  public int size() {
    return sessions.size();
  }
}
