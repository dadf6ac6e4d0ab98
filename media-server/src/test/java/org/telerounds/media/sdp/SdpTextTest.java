package org.telerounds.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The regex-free splitters give exactly what {@code String.split} gave before them. */
class SdpTextTest {
  private static final char[] ALPHABET = {'a', 'b', ' ', '\t', '\r', '\n', '\f', 0x0B, 0x01, '/'};

  @Test
  void sameAsStringSplitOnRandomText() {
    Random rnd = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      char[] c = new char[rnd.nextInt(12)];
      for (int j = 0; j < c.length; j++) c[j] = ALPHABET[rnd.nextInt(ALPHABET.length)];
      String s = new String(c);
      assertThat(SdpText.lines(s)).as("lines of %s", s.chars().boxed().toList()).containsExactly(s.split("\r?\n"));
      assertThat(SdpText.words(s)).as("words of %s", s.chars().boxed().toList()).containsExactly(s.split("\\s+"));
    }
  }
}
