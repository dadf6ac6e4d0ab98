package org.telerounds.signaling.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionsTest {
  static Claims claims(Role role, String... rooms) {
    return new Claims("s", role, List.of(rooms), List.of(), Instant.now().plusSeconds(60));
  }

  @Test
  void auditorsAndAdminsNeverJoinRounds() {
    assertThatThrownBy(() -> Permissions.checkJoin(claims(Role.AUDITOR, "*"), "r1"))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> Permissions.checkJoin(claims(Role.ADMIN, "r1"), "r1")).isInstanceOf(AuthException.class);
  }

  @Test
  void roomAclComesFromClaims() {
    assertThatCode(() -> Permissions.checkJoin(claims(Role.EXPERT, "r1"), "r1")).doesNotThrowAnyException();
    assertThatCode(() -> Permissions.checkJoin(claims(Role.EXPERT, "*"), "r9")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Permissions.checkJoin(claims(Role.EXPERT, "r1"), "r2"))
        .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("room-forbidden"));
  }

  @Test
  void trackRolesByParticipantRole() {
    assertThat(Permissions.mayPublish(Role.CART, "camera:room")).isTrue();
    assertThat(Permissions.mayPublish(Role.CART, "audio:stethoscope")).isTrue();
    assertThat(Permissions.mayPublish(Role.EXPERT, "camera:room")).isFalse();
    assertThat(Permissions.mayPublish(Role.EXPERT, "mic:participant")).isTrue();
    assertThat(Permissions.mayPublish(Role.AUDITOR, "mic:participant")).isFalse();
    assertThat(Permissions.mayPublish(Role.CART, "voice:enhanced")).isFalse();
  }
}
