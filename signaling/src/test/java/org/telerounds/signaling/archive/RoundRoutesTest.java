package org.telerounds.signaling.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.telerounds.recorder.archive.ArchivedRound;
import org.telerounds.recorder.archive.RoundQuery;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.Role;

class RoundRoutesTest {
  static RestCall get(String uri, Role role, List<String> wards) {
    return new RestCall(null, false, new Claims("u", role, List.of(), wards, Instant.MAX), "127.0.0.1", "GET",
        new QueryStringDecoder(uri).path(), new QueryStringDecoder(uri), "");
  }

  static ArchivedRound round(String ward) {
    return new ArchivedRound("r1", "room", "cart-1", "h", ward, 0, 1, "complete", List.of("dr-a"), Set.of(),
        ArchivedRound.LegalHold.NONE, Instant.EPOCH);
  }

  @Test
  void datesAreWholeUtcDaysAndInstantsAreExact() {
    RoundQuery q = RoundRoutes.query(get("/api/rounds?from=2026-12-01&to=2026-12-02&cart=c&limit=7", Role.AUDITOR,
        List.of()));
    assertThat(q.fromMillis()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    assertThat(q.toMillis()).isEqualTo(Instant.parse("2026-12-03T00:00:00Z").toEpochMilli());
    assertThat(q.cartId()).isEqualTo("c");
    assertThat(q.limit()).isEqualTo(7);
    assertThat(RoundRoutes.query(get("/api/rounds?from=2026-12-01T08:30:00Z", Role.AUDITOR, List.of())).fromMillis())
        .isEqualTo(Instant.parse("2026-12-01T08:30:00Z").toEpochMilli());
    assertThat(RoundRoutes.query(get("/api/rounds", Role.AUDITOR, List.of())).limit()).isEqualTo(100);
  }

  @Test
  void badQueriesSayWhatIsWrong() {
    assertThatThrownBy(() -> RoundRoutes.query(get("/api/rounds?to=soon", Role.AUDITOR, List.of())))
        .hasMessageContaining("to must be a date");
    assertThatThrownBy(() -> RoundRoutes.query(get("/api/rounds?limit=0", Role.AUDITOR, List.of())))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> RoundRoutes.query(get("/api/rounds?limit=lots", Role.AUDITOR, List.of())))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> RoundRoutes.query(get("/api/rounds?from=2026-12-02&to=2026-12-01T00:00:00Z",
        Role.AUDITOR, List.of()))).hasMessageContaining("from must be before to");
  }

  @Test
  void anAuditorsWardsClaimLimitsWhatTheySee() {
    Claims icuOnly = new Claims("qc", Role.AUDITOR, List.of(), List.of("icu"), Instant.MAX);
    assertThat(RoundRoutes.inScope(icuOnly, round("icu"))).isTrue();
    assertThat(RoundRoutes.inScope(icuOnly, round("cardio"))).isFalse();
    assertThat(RoundRoutes.inScope(icuOnly, round(null))).isFalse();
    Claims all = new Claims("qc", Role.AUDITOR, List.of(), List.of(), Instant.MAX);
    assertThat(RoundRoutes.inScope(all, round("cardio"))).isTrue();
    assertThat(RoundRoutes.inScope(new Claims("a", Role.ADMIN, List.of(), List.of("icu"), Instant.MAX),
        round("cardio"))).isTrue();
  }
}
