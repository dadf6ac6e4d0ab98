package org.telerounds.cart.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telerounds.cart.CartProfiles;

/**
 * Every file in {@code src/test/resources/broken} extends the valid {@code models/testcart.conf}
 * and breaks it; its {@code # expect:} header lines list exactly the problems it must produce, as
 * {@code <path>: expected <x> but found <y> @ <file>:<line>}.
 */
class BrokenProfilesTest {
  static final Path DIR = Path.of("src/test/resources/broken");

  static List<Path> brokenProfiles() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
  }

  @Test
  void thereAreAtLeastTwentyBrokenProfiles() throws IOException {
    assertThat(brokenProfiles()).hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void theirBaseIsValidOnItsOwn() throws Exception {
    Validation v = CartProfiles.validateCart(Path.of("src/test/resources/models/testcart.conf"), null);
    assertThat(v.problems()).isEmpty();
    assertThat(v.profile()).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenProfiles")
  void reportsExactlyTheExpectedProblems(Path file) throws Exception {
    List<String> expected = Files.readAllLines(file).stream()
        .filter(l -> l.startsWith("# expect: ")).map(l -> l.substring("# expect: ".length())).toList();
    assertThat(expected).as("# expect: lines in %s", file).isNotEmpty();

    Validation v = CartProfiles.validateCart(file, null);

    List<String> actual = v.problems().stream()
        .map(p -> p.text() + " @ " + Path.of(p.file()).getFileName() + ":" + p.line()).toList();
    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(v.ok()).isFalse();
    assertThat(v.profile()).isNull();
  }

  @Test
  void messageNamesPathExpectationFindingFileAndLine() throws Exception {
    Validation v = CartProfiles.validateCart(DIR.resolve("unknown-camera-role.conf"), null);
    assertThat(v.problems()).extracting(Problem::message).containsExactly(
        "cameras.exam.role: expected one of camera:room, camera:exam but found \"camera:ceiling\""
            + " (src/test/resources/broken/unknown-camera-role.conf:4)");
  }

  @Test
  void problemsInTheBaseProfilePointIntoTheBaseFile() throws Exception {
    Validation v = CartProfiles.validateCart(DIR.resolve("two-room-cameras.conf"), null);
    assertThat(v.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("src/test/resources/models/testcart.conf");
      assertThat(p.line()).isEqualTo(13);
    });
  }
}
