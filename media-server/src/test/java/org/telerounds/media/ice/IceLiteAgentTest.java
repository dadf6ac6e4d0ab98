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

  @Test
  void aRestartAnswersTheOldGenerationUntilTheNewOneIsUsedThenRefusesIt() {
    agent.setRemoteUfrag("cli1");
    agent.onBindingRequest(check("srv1:cli1", local.password(), true), peer);
    IceCredentials fresh = new IceCredentials("srv2", "second-password-0123456789");
    agent.restart(fresh);
    agent.setRemoteUfrag("cli2");
    assertThat(agent.localCredentials()).isEqualTo(fresh);
    assertThat(agent.previousUfrag()).isEqualTo("srv1");

    // media goes on over the old path while the new one is found
    IceLiteAgent.CheckResult old = agent.onBindingRequest(check("srv1:cli1", local.password(), false), peer);
    assertThat(old.accepted()).isTrue();
    assertThat(StunMessage.parse(old.response(), 0, old.response().length).integrityValid(local.password())).isTrue();
    assertThat(agent.selectedAddress()).isEqualTo(peer);

    // the new generation's first check, from wherever the client is now, selects its path
    InetSocketAddress moved = new InetSocketAddress("127.0.0.2", 50002);
    IceLiteAgent.CheckResult first = agent.onBindingRequest(check("srv2:cli2", fresh.password(), false), moved);
    assertThat(first.accepted()).isTrue();
    assertThat(first.nominated()).as("the first check of a generation selects").isTrue();
    assertThat(agent.selectedAddress()).isEqualTo(moved);
    assertThat(StunMessage.parse(first.response(), 0, first.response().length).integrityValid(fresh.password()))
        .as("answered with the new password").isTrue();

    // and the old credentials are spent
    assertThat(agent.previousUfrag()).isNull();
    IceLiteAgent.CheckResult stale = agent.onBindingRequest(check("srv1:cli1", local.password(), true), peer);
    assertThat(stale.accepted()).isFalse();
    assertThat(stale.refusal()).isEqualTo(IceLiteAgent.Refusal.WRONG_UFRAG);
    assertThat(agent.selectedAddress()).isEqualTo(moved);
  }

  @Test
  void aRestartDoesNotAcceptTheNewUfragWithTheOldPasswordOrTheOldPeer() {
    agent.setRemoteUfrag("cli1");
    agent.onBindingRequest(check("srv1:cli1", local.password(), true), peer);
    IceCredentials fresh = new IceCredentials("srv2", "second-password-0123456789");
    agent.restart(fresh);
    agent.setRemoteUfrag("cli2");
    assertThat(agent.onBindingRequest(check("srv2:cli2", local.password(), true), peer).refusal())
        .isEqualTo(IceLiteAgent.Refusal.BAD_INTEGRITY);
    assertThat(agent.onBindingRequest(check("srv2:cli1", fresh.password(), true), peer).refusal())
        .isEqualTo(IceLiteAgent.Refusal.WRONG_UFRAG);
    assertThat(agent.previousUfrag()).as("refused checks complete nothing").isEqualTo("srv1");
  }

  /** Two restarts in a row (the first never used): the generation in use before both still answers. */
  @Test
  void aRestartOfAnUnfinishedRestartKeepsTheGenerationInUse() {
    agent.setRemoteUfrag("cli1");
    agent.onBindingRequest(check("srv1:cli1", local.password(), true), peer);
    agent.restart(new IceCredentials("srv2", "second-password-0123456789"));
    agent.setRemoteUfrag("cli2");
    IceCredentials third = new IceCredentials("srv3", "third-password-01234567890");
    agent.restart(third);
    agent.setRemoteUfrag("cli3");
    assertThat(agent.previousUfrag()).as("the one in use, not the unfinished one").isEqualTo("srv1");
    assertThat(agent.onBindingRequest(check("srv1:cli1", local.password(), false), peer).accepted()).isTrue();
    assertThat(agent.onBindingRequest(check("srv2:cli2", "second-password-0123456789", false), peer).refusal())
        .isEqualTo(IceLiteAgent.Refusal.WRONG_UFRAG);
    assertThat(agent.onBindingRequest(check("srv3:cli3", third.password(), false), peer).accepted()).isTrue();
    assertThat(agent.restartPending()).isFalse();
    assertThat(agent.previousUfrag()).isNull();
  }
}
