package org.telerounds.signaling.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Signs HS256 tokens with the configured secret: the dev-mode endpoint and tests use it. */
public final class TokenMinter {
  private final byte[] secret;
  private final String issuer;
  private final Clock clock;

  public TokenMinter(byte[] secret, String issuer, Clock clock) {
    this.secret = secret.clone();
    this.issuer = issuer;
    this.clock = clock;
  }

  public String mint(String subject, Role role, List<String> rooms, Duration ttl) {
    Instant now = Instant.now(clock);
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(subject).claim("role", role.wireName())
        .claim("rooms", rooms).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)));
    if (issuer != null) b.issuer(issuer);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
    return jwt.serialize();
  }
}
