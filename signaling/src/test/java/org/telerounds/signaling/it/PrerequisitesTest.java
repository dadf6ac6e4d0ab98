package org.telerounds.signaling.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The rule for browser ITs: skip where they cannot run, but fail under {@code CI=true}. */
class PrerequisitesTest {
  static final Predicate<Path> NOTHING_INSTALLED = p -> false;
  static final Predicate<Path> EVERYTHING_INSTALLED = p -> true;

  @Test
  void withoutTheNamespaceABrowserItSkipsOnADevelopersMachine() {
    assertThatThrownBy(() -> new Prerequisites(Map.of(), EVERYTHING_INSTALLED).browserMedia())
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("network namespace");
  }

  @Test
  void withoutTheNamespaceABrowserItFailsUnderCi() {
    assertThatThrownBy(() -> new Prerequisites(Map.of("CI", "true"), EVERYTHING_INSTALLED).browserMedia())
        .isInstanceOf(AssertionError.class).isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("CI=true").hasMessageContaining("network namespace");
  }

  @Test
  void withoutChromiumABrowserItFailsUnderCiAndSkipsElsewhere() {
    Map<String, String> ns = Map.of("TELEROUNDS_TEST_NETNS", "1");
    assertThatThrownBy(() -> new Prerequisites(Map.of("TELEROUNDS_TEST_NETNS", "1", "CI", "TRUE"), NOTHING_INSTALLED)
        .browserMedia()).isInstanceOf(AssertionError.class).hasMessageContaining("chromium");
    assertThatThrownBy(() -> new Prerequisites(ns, NOTHING_INSTALLED).browserMedia())
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("chromium");
  }

  @Test
  void aMissingToolFailsUnderCi() {
    Map<String, String> ci = Map.of("TELEROUNDS_TEST_NETNS", "1", "CI", "true");
    Predicate<Path> noFlite = p -> !p.toString().equals("/usr/bin/flite");
    assertThatThrownBy(() -> new Prerequisites(ci, noFlite).browserMedia().tool("/usr/bin/flite", "apt-get install flite"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("/usr/bin/flite");
  }

  @Test
  void everythingPresentRunsAndCiOtherThanTrueIsNotCi() {
    Map<String, String> ns = Map.of("TELEROUNDS_TEST_NETNS", "1", "CI", "false");
    Prerequisites p = new Prerequisites(ns, EVERYTHING_INSTALLED);
    assertThat(p.onCi()).isFalse();
    assertThat(p.browserMedia().tool("/usr/bin/flite", "apt-get install flite")).isSameAs(p);
    assertThatThrownBy(() -> p.require(false, "a model")).isInstanceOf(TestAbortedException.class);
  }
}
