package org.telerounds.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks wrap-aware {@link SequenceNumbers} arithmetic and {@link SequenceUnwrapper}. */
class SequenceNumbersTest {

  @Test
  void diffIsWrapAware() {
    assertThat(SequenceNumbers.diff(1, 65535)).isEqualTo(2);
    assertThat(SequenceNumbers.diff(65535, 1)).isEqualTo(-2);
    assertThat(SequenceNumbers.diff(100, 100)).isZero();
    assertThat(SequenceNumbers.diff(0, 32767)).isEqualTo(-32767);
    assertThat(SequenceNumbers.diff(32767, 0)).isEqualTo(32767);
    assertThat(SequenceNumbers.diff(0x8000, 0)).isEqualTo(-32768);
    assertThat(SequenceNumbers.diff(65536 + 5, 3)).isEqualTo(2);
  }

  @Test
  void isNewerIsWrapAwareAndAntisymmetric() {
    assertThat(SequenceNumbers.isNewer(0, 65535)).isTrue();
    assertThat(SequenceNumbers.isNewer(65535, 0)).isFalse();
    assertThat(SequenceNumbers.isNewer(10, 10)).isFalse();
    assertThat(SequenceNumbers.isNewer(0x8000, 0)).isTrue();
    assertThat(SequenceNumbers.isNewer(0, 0x8000)).isFalse();
    for (int a = 0; a < 65536; a += 97) {
      for (int b = 0; b < 65536; b += 89) {
        if (a != b) {
          assertThat(SequenceNumbers.isNewer(a, b)).isNotEqualTo(SequenceNumbers.isNewer(b, a));
        }
      }
    }
  }

  @Test
  void unwrapperExtendsAcrossWrapAndToleratesReordering() {
    SequenceUnwrapper u = new SequenceUnwrapper();
    assertThat(u.unwrap(65534)).isEqualTo(65534);
    assertThat(u.unwrap(65535)).isEqualTo(65535);
    assertThat(u.unwrap(0)).isEqualTo(65536);
    assertThat(u.unwrap(2)).isEqualTo(65538);
    assertThat(u.unwrap(1)).isEqualTo(65537);
    assertThat(u.unwrap(65535)).isEqualTo(65535);
    assertThat(u.unwrap(3)).isEqualTo(65539);
  }

  @Test
  void unwrapperCountsManyWraps() {
    SequenceUnwrapper u = new SequenceUnwrapper();
    long expected = 1000;
    u.unwrap(1000);
    for (int i = 0; i < 10 * 65536 / 3000; i++) {
      expected += 3000;
      assertThat(u.unwrap((int) (expected & 0xFFFF))).isEqualTo(expected);
    }
  }

  @Test
  void unwrapperGoesNegativeForPacketsBeforeTheFirst() {
    SequenceUnwrapper u = new SequenceUnwrapper();
    assertThat(u.unwrap(0)).isZero();
    assertThat(u.unwrap(65535)).isEqualTo(-1);
  }
}
