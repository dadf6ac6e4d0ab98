package org.telerounds.signaling.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Verifies HS256 (shared secret) and, when configured, RS256 (public key) JWTs with Nimbus, then
 * checks expiry ({@code exp}), start of validity ({@code nbf}), issuer and the telerounds claims.
 * Both times are checked with {@link #LEEWAY} of clock skew between the issuer and this server.
 * Every failure is a 401 with a stable code; the token itself never appears in a message or a log.
 */
public final class JwtVerifier {
  /** Clock skew tolerated on {@code exp} and {@code nbf} (docs/protocol.md). */
  public static final java.time.Duration LEEWAY = java.time.Duration.ofSeconds(30);
  private static final long CLOCK_SKEW_SECONDS = LEEWAY.toSeconds();
  private final byte[] hsSecret;
  private final RSAPublicKey rsaKey;
  private final String issuer;
  private final Clock clock;

  public JwtVerifier(byte[] hsSecret, RSAPublicKey rsaKey, String issuer, Clock clock) {
    this.hsSecret = hsSecret.clone();
    this.rsaKey = rsaKey;
    this.issuer = issuer;
    this.clock = clock;
  }

  public Claims verify(String token) throws AuthException {
    if (token == null || token.isBlank()) {
      throw new AuthException(401, "token-missing", "no token");
    }
    SignedJWT jwt;
    JWTClaimsSet set;
    try {
      jwt = SignedJWT.parse(token);
      set = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new AuthException(401, "token-malformed", "token is not a signed JWT");
    }
    if (!signatureValid(jwt)) {
      throw new AuthException(401, "token-signature", "token signature is invalid");
    }
    Date exp = set.getExpirationTime();
    if (exp == null || exp.toInstant().plusSeconds(CLOCK_SKEW_SECONDS).isBefore(Instant.now(clock))) {
      throw new AuthException(401, "token-expired", "token is expired or has no exp");
    }
    Date nbf = set.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minusSeconds(CLOCK_SKEW_SECONDS).isAfter(Instant.now(clock))) {
      throw new AuthException(401, "token-not-yet-valid", "token is not valid yet (nbf)");
    }
    if (issuer != null && !issuer.equals(set.getIssuer())) {
      throw new AuthException(401, "token-issuer", "token issuer is not accepted");
    }
    try {
      String role = set.getStringClaim("role");
      Role r = Role.fromWire(role).orElseThrow(() -> new AuthException(401, "token-role", "unknown role"));
      if (set.getSubject() == null || set.getSubject().isBlank()) {
        throw new AuthException(401, "token-subject", "token has no sub");
      }
      List<String> rooms = set.getStringListClaim("rooms");
      List<String> wards = set.getStringListClaim("wards");
      return new Claims(set.getSubject(), r, rooms == null ? List.of() : rooms, wards == null ? List.of() : wards,
          exp.toInstant());
    } catch (ParseException e) {
      throw new AuthException(401, "token-claims", "token claims have the wrong types");
    }
  }

  private boolean signatureValid(SignedJWT jwt) {
    try {
      JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
      JWSVerifier v;
      if (JWSAlgorithm.HS256.equals(alg) && hsSecret.length >= 32) {
        v = new MACVerifier(hsSecret);
      } else if (JWSAlgorithm.RS256.equals(alg) && rsaKey != null) {
        v = new RSASSAVerifier(rsaKey);
      } else {
        return false;
      }
      return jwt.verify(v);
    } catch (JOSEException e) {
      return false;
    }
  }
}
