package org.telerounds.recorder.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  static RetentionPolicy parse(String hocon) {
    return RetentionPolicy.from(ConfigFactory.parseString(hocon), "telerounds.recorder.retention");
  }

  @Test
  void theMostSpecificRuleWins() {
    RetentionPolicy p = parse("default = 30y, rules = [ { hospital = general, keep = 20y }, { ward = icu, keep = 15y },"
        + " { hospital = general, ward = icu, keep = 40y } ]");
    assertThat(p.keepFor("general", "icu")).isEqualTo(Period.ofYears(40));
    assertThat(p.keepFor("other", "icu")).isEqualTo(Period.ofYears(15));
    assertThat(p.keepFor("general", "cardio")).isEqualTo(Period.ofYears(20));
    assertThat(p.keepFor(null, null)).isEqualTo(Period.ofYears(30));
    assertThat(p.retainUntil(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), "x", "y"))
        .isEqualTo(Instant.parse("2056-12-01T10:00:00Z"));
  }

  @Test
  void badRulesNameTheirPlace() {
    assertThatThrownBy(() -> parse("default = forever, rules = []")).isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("retention.default").hasMessageContaining("30y");
    assertThatThrownBy(() -> parse("default = 30y, rules = [ { keep = 1y } ]"))
        .hasMessageContaining("rules[0]").hasMessageContaining("hospital, a ward or both");
    assertThatThrownBy(() -> parse("default = 30y, rules = [ { ward = icu } ]")).hasMessageContaining("needs keep");
    assertThatThrownBy(() -> parse("default = 30y, rules = [ { ward = icu, keep = 1y, wrad = x } ]"))
        .hasMessageContaining("unknown key \"wrad\"");
    assertThatThrownBy(() -> parse("default = 30y, rules = 5")).hasMessageContaining("must be a list");
  }
}
