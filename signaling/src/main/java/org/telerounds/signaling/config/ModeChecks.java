package org.telerounds.signaling.config;

import com.typesafe.config.ConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps development mode and production apart at start-up. Production refuses a JWT secret that
 * is short, low in variety or reads like an example ("dev", "test", "changeme", ...), since
 * anyone who knows it mints any token. Dev mode mints tokens for anyone on the machine, so it
 * refuses anything that looks like production: a listener off loopback, a configured secret,
 * public key or issuer. Each refusal names the key to change.
 */
public final class ModeChecks {
  /** Shortest HS256 secret accepted (characters); 32 random base64 characters hold 192 bits. */
  public static final int MIN_SECRET_CHARS = 32;
  private static final Pattern EXAMPLE_WORD = Pattern.compile("(?i)(?<![a-z])(dev|devel|development|test|testing"
      + "|example|sample|demo|changeme|change-me|default|insecure|secret|password|passwd|telerounds|localhost)(?![a-z])");
  private static final String HOW = "; generate one with: openssl rand -base64 48";
  private static final String KEY = "telerounds.signaling.auth.";

  private ModeChecks() {}

  /** Production: the HS256 secret, when set, must be long, varied and no example value. */
  public static void production(SignalingConfig sc) {
    sc.hs256Secret().ifPresent(ModeChecks::strongSecret);
  }

  static void strongSecret(String s) {
    if (s.length() < MIN_SECRET_CHARS) {
      throw new ConfigException.BadValue(KEY + "hs256-secret", "is shorter than " + MIN_SECRET_CHARS
          + " characters" + HOW);
    }
    Matcher m = EXAMPLE_WORD.matcher(s);
    if (m.find()) {
      throw new ConfigException.BadValue(KEY + "hs256-secret", "looks like a development or example secret (it"
          + " contains the word \"" + m.group(1).toLowerCase(java.util.Locale.ROOT) + "\")" + HOW);
    }
    long distinct = s.chars().distinct().count();
    int most = s.chars().boxed().collect(java.util.stream.Collectors.groupingBy(c -> c,
        java.util.stream.Collectors.counting())).values().stream().mapToInt(Long::intValue).max().orElse(0);
    if (distinct < 12 || most * 4 > s.length()) {
      throw new ConfigException.BadValue(KEY + "hs256-secret", "has too little variety to be a random secret" + HOW);
    }
  }

  /** Dev mode: loopback only, and nothing of a production identity configured. */
  public static void dev(SignalingConfig sc) {
    String why = "dev mode mints tokens for anyone who can reach it, so it refuses a production-looking"
        + " configuration: remove this setting or start without --dev (and auth.dev-mode = false)";
    if (!SignalingConfig.isLoopback(sc.bindAddress())) {
      throw new ConfigException.BadValue("telerounds.signaling.bind-address", "is " + sc.bindAddress()
          + ", not loopback; " + why);
    }
    if (sc.hs256Secret().isPresent()) throw new ConfigException.BadValue(KEY + "hs256-secret", "is set; " + why);
    if (sc.rs256PublicKey().isPresent()) {
      throw new ConfigException.BadValue(KEY + "rs256-public-key", "is set; " + why);
    }
    if (sc.issuer().isPresent()) throw new ConfigException.BadValue(KEY + "issuer", "is set; " + why);
  }
}
