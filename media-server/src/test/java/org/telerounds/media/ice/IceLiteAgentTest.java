package org.telerounds.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.telerounds.media.MutableClock;

class IceLiteAgentTest {
  final MutableClock clock = new MutableClock();
  final IceCredentials local = new IceCredentials("srv1", "server-password-0123456789");
  final IceLiteAgent agent = new IceLiteAgent(local, clock);
  final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 50000);

  StunMessage check(String username, String password, boolean nominate) {
    StunMessage.Builder b = StunMessage.request(new byte[12]).username(username).priority(100).iceControlling(1);
    if (nominate) b.useCandidate();
    byte[] r = b.sign(password);
    return StunMessage.parse(r, 0, r.length);
  }

  @Test
  void validCheckIsAnsweredAndNominates() {
    agent.setRemoteUfrag("cli1");
    IceLiteAgent.CheckResult r = agent.onBindingRequest(check("srv1:cli1", local.password(), true), peer);
    assertThat(r.accepted()).isTrue();
    assertThat(r.nominated()).isTrue();
    assertThat(agent.selectedAddress()).isEqualTo(peer);
    StunMessage resp = StunMessage.parse(r.response(), 0, r.response().length);
    assertThat(resp.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
    assertThat(resp.integrityValid(local.password())).isTrue();
  }

  @Test
  void badIntegrityGetsNoAnswerAndChangesNothing() {
    IceLiteAgent.CheckResult r = agent.onBindingRequest(check("srv1:cli1", "not-the-password-at-all", true), peer);
    assertThat(r.accepted()).isFalse();
    assertThat(agent.selectedAddress()).isNull();
    assertThat(r.response()).as("no error response to reflect").isNull();
    assertThat(r.refusal()).isEqualTo(IceLiteAgent.Refusal.BAD_INTEGRITY);
  }

  @Test
  void wrongRemoteUfragIsRefusedWithoutAnswer() {
    agent.setRemoteUfrag("cli1");
    IceLiteAgent.CheckResult r = agent.onBindingRequest(check("srv1:other", local.password(), true), peer);
    assertThat(r.accepted()).isFalse();
    assertThat(r.response()).isNull();
    assertThat(r.refusal()).isEqualTo(IceLiteAgent.Refusal.WRONG_UFRAG);
  }

  @Test
  void checkWithoutIntegrityGetsNoAnswer() {
    byte[] b = StunMessage.request(new byte[12]).username("srv1:cli1").priority(1).sign(null);
    IceLiteAgent.CheckResult r = agent.onBindingRequest(StunMessage.parse(b, 0, b.length), peer);
    assertThat(r.response()).isNull();
    assertThat(r.refusal()).isEqualTo(IceLiteAgent.Refusal.NOT_AUTHENTICATED);
  }

  @Test
  void consentExpiresWithoutChecksAndIsRefreshedByThem() {
    agent.onBindingRequest(check("srv1:cli1", local.password(), true), peer);
    clock.advance(Duration.ofSeconds(20));
    assertThat(agent.hasConsent(30_000)).isTrue();
    agent.onBindingRequest(check("srv1:cli1", local.password(), false), peer);
    clock.advance(Duration.ofSeconds(29));
    assertThat(agent.hasConsent(30_000)).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(agent.hasConsent(30_000)).isFalse();
  }

  @Test
  void credentialsNeverPrintThePassword() {
    IceCredentials c = IceCredentials.generate();
    assertThat(c.toString()).doesNotContain(c.password()).contains("redacted");
  }
}
