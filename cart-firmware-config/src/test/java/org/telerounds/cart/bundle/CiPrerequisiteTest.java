package org.telerounds.cart.bundle;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class CiPrerequisiteTest {
  @Test
  void missingChromiumSkipsLocallyAndFailsUnderCi() {
    assertThatThrownBy(() -> CiPrerequisite.require(Map.of(), false, "chromium is not installed"))
        .isInstanceOf(TestAbortedException.class);
    assertThatThrownBy(() -> CiPrerequisite.require(Map.of("CI", "true"), false, "chromium is not installed"))
        .isInstanceOf(AssertionError.class).isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("CI=true").hasMessageContaining("chromium");
    assertThatCode(() -> CiPrerequisite.require(Map.of("CI", "true"), true, "chromium")).doesNotThrowAnyException();
  }
}
