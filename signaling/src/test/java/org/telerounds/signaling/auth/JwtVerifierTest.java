package org.telerounds.signaling.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
  static final byte[] SECRET = "unit-test-secret-0123456789abcdefghij".getBytes();
  final Clock clock = Clock.systemUTC();
  final JwtVerifier verifier = new JwtVerifier(SECRET, null, null, clock);
  final TokenMinter minter = new TokenMinter(SECRET, null, clock);

  @Test
  void acceptsValidHs256() throws Exception {
    Claims c = verifier.verify(minter.mint("dr-who", Role.EXPERT, List.of("r1"), Duration.ofMinutes(5)));
    assertThat(c.subject()).isEqualTo("dr-who");
    assertThat(c.role()).isEqualTo(Role.EXPERT);
    assertThat(c.mayEnter("r1")).isTrue();
    assertThat(c.mayEnter("r2")).isFalse();
  }

  @Test
  void refusesMissingMalformedExpiredAndForged() {
    assertCode(null, "token-missing");
    assertCode("not.a.jwt", "token-malformed");
    assertCode(minter.mint("a", Role.CART, List.of("r"), Duration.ofMinutes(-5)), "token-expired");
    String other = new TokenMinter("another-secret-0123456789abcdefghijkl".getBytes(), null, clock)
        .mint("a", Role.CART, List.of("r"), Duration.ofMinutes(5));
    assertCode(other, "token-signature");
    PlainJWT none = new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().subject("a").claim("role", "admin")
        .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
    assertCode(none.serialize(), "token-malformed");
  }

  @Test
  void honoursNotBeforeWithTheDocumentedLeeway() throws Exception {
    Instant now = Instant.parse("2030-01-01T10:00:00Z");
    JwtVerifier v = new JwtVerifier(SECRET, null, null, Clock.fixed(now, java.time.ZoneOffset.UTC));
    java.util.function.Function<Instant, String> withNbf = nbf -> {
      try {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("a")
            .claim("role", "expert").notBeforeTime(Date.from(nbf)).expirationTime(Date.from(now.plusSeconds(3600)))
            .build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET));
        return jwt.serialize();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    assertThatThrownBy(() -> v.verify(withNbf.apply(now.plusSeconds(600))))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("token-not-yet-valid"));
    assertThatThrownBy(() -> v.verify(withNbf.apply(now.plus(JwtVerifier.LEEWAY).plusSeconds(1))))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("token-not-yet-valid"));
    assertThat(v.verify(withNbf.apply(now.plus(JwtVerifier.LEEWAY).minusSeconds(1))).subject()).isEqualTo("a");
    assertThat(v.verify(withNbf.apply(now.minusSeconds(60))).subject()).isEqualTo("a");
  }

  @Test
  void refusesUnknownRoleAndWrongIssuer() throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("a")
        .claim("role", "janitor").expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
    jwt.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET));
    assertCode(jwt.serialize(), "token-role");
    JwtVerifier strict = new JwtVerifier(SECRET, null, "hospital-idp", clock);
    assertThatThrownBy(() -> strict.verify(minter.mint("a", Role.CART, List.of("r"), Duration.ofMinutes(5))))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("token-issuer"));
  }

  @Test
  void acceptsRs256OnlyWithTheConfiguredKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("cart-7")
        .claim("role", "cart").claim("rooms", List.of("r1")).expirationTime(Date.from(Instant.now().plusSeconds(60)))
        .build());
    jwt.sign(new RSASSASigner(kp.getPrivate()));
    JwtVerifier rsa = new JwtVerifier(SECRET, (RSAPublicKey) kp.getPublic(), null, clock);
    assertThat(rsa.verify(jwt.serialize()).role()).isEqualTo(Role.CART);
    assertCode(jwt.serialize(), "token-signature"); // verifier without an RSA key
  }

  void assertCode(String token, String code) {
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(AuthException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.status()).isEqualTo(401);
      if (token != null) assertThat(e.getMessage()).doesNotContain(token);
    });
  }
}
