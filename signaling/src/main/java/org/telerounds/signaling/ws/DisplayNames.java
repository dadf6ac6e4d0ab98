package org.telerounds.signaling.ws;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the display name a participant gives at join. Names label captions in the live view and
 * in the stored transcript, so a name may not pass for the bedside cart ({@code Bedside}, the
 * label {@link org.telerounds.signaling.rooms.CaptionRelay} gives the cart), the patient, the
 * system or a role ("Operator", "[cart]"), not even through lookalikes: the comparison runs on a
 * skeleton of the name (NFKC, accents and invisible characters removed, Cyrillic and Greek
 * lookalikes and digit substitutes mapped to Latin letters; other scripts' letters separate words,
 * so names in them pass). Control and format characters
 * (bidi overrides, zero-width joiners) are refused outright.
 */
public final class DisplayNames {
  /** Longest accepted name, in code points. */
  public static final int MAX_LENGTH = 64;
  private static final Map<Character, Character> LOOKALIKE = lookalikes();
  /** Words that may not appear anywhere in a name: they would pass for the bedside or the server. */
  private static final Set<String> IMPERSONATING = skeletons("bedside", "patient", "cart", "system", "server",
      "telerounds", "caption", "captions", "transcript", "recorder", "narrator");
  /** Role and track words: a name made only of these (with filler) reads as a label, not a person. */
  private static final Set<String> ROLE_WORDS = skeletons("expert", "operator", "auditor", "admin",
      "administrator", "room", "mic", "camera", "exam", "stethoscope", "voice", "enhanced", "audio", "participant",
      "staff", "nurse", "doctor", "dr", "the", "of", "and", "bed", "ward");

  private DisplayNames() {}

  /** Empty if {@code name} is acceptable; otherwise why not (safe to show the client). */
  public static Optional<String> problem(String name) {
    if (name == null || name.isBlank()) return Optional.of("name is empty");
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      return Optional.of("name is longer than " + MAX_LENGTH + " characters");
    }
    boolean badChar = name.codePoints().anyMatch(cp -> {
      int t = Character.getType(cp);
      return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
          || t == Character.SURROGATE || t == Character.UNASSIGNED || t == Character.LINE_SEPARATOR
          || t == Character.PARAGRAPH_SEPARATOR;
    });
    if (badChar) return Optional.of("name contains control or invisible formatting characters");
    if (name.codePoints().noneMatch(Character::isLetter)) return Optional.of("name must contain letters");
    String[] real = Arrays.stream(skeleton(name).split("[^a-z]+")).filter(w -> !w.isEmpty()).toArray(String[]::new);
    if (real.length == 0) return Optional.empty(); // a name in another script: nothing Latin to imitate
    for (String w : real) {
      if (IMPERSONATING.contains(w)) return Optional.of("name may not imitate the bedside, patient or system labels");
    }
    if (Arrays.stream(real).allMatch(ROLE_WORDS::contains)) {
      return Optional.of("name may not be a role label; use your own name");
    }
    return Optional.empty();
  }

  /** Lower-case Latin skeleton of {@code s}: lookalikes folded, accents dropped, other scripts as spaces. */
  static String skeleton(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    n = Normalizer.normalize(n, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    StringBuilder b = new StringBuilder(n.length());
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      Character mapped = LOOKALIKE.get(c);
      if (mapped == null) mapped = LOOKALIKE.get(Character.toLowerCase(c));
      b.append(mapped != null ? mapped.charValue() : Character.toLowerCase(c));
    }
    String out = b.toString().toLowerCase(Locale.ROOT);
    out = out.replace("rn", "m").replace("vv", "w").replace("cl", "d");
    return out.replaceAll("[^\\x00-\\x7f]", " "); // letters of other scripts separate words
  }

  private static Set<String> skeletons(String... words) {
    return Arrays.stream(words).map(DisplayNames::skeleton).collect(Collectors.toUnmodifiableSet());
  }

  private static Map<Character, Character> lookalikes() {
    String[][] pairs = {
        // Cyrillic
        {"а", "a"}, {"в", "b"}, {"е", "e"}, {"ё", "e"}, {"к", "k"}, {"м", "m"}, {"н", "h"}, {"о", "o"}, {"р", "p"},
        {"с", "c"}, {"т", "t"}, {"у", "y"}, {"х", "x"}, {"і", "i"}, {"ї", "i"}, {"ј", "j"}, {"ѕ", "s"}, {"ԁ", "d"},
        {"һ", "h"}, {"ԛ", "q"}, {"ԝ", "w"}, {"ь", "b"}, {"п", "n"}, {"г", "r"},
        // Greek
        {"α", "a"}, {"β", "b"}, {"ε", "e"}, {"η", "n"}, {"ι", "i"}, {"κ", "k"}, {"ν", "v"}, {"ο", "o"}, {"ρ", "p"},
        {"τ", "t"}, {"υ", "u"}, {"χ", "x"}, {"ζ", "z"}, {"μ", "u"},
        // Latin lookalikes, digits and symbols standing in for letters
        {"ı", "i"}, {"ł", "l"}, {"ø", "o"}, {"đ", "d"}, {"ħ", "h"}, {"ɡ", "g"}, {"ɑ", "a"}, {"ʀ", "r"},
        {"0", "o"}, {"1", "i"}, {"!", "i"}, {"|", "i"}, {"l", "i"}, {"3", "e"}, {"4", "a"}, {"@", "a"}, {"5", "s"},
        {"$", "s"}, {"7", "t"}, {"+", "t"}, {"8", "b"}, {"9", "g"}, {"6", "g"}, {"2", "z"}};
    Map<Character, Character> m = new java.util.HashMap<>();
    for (String[] p : pairs) m.put(p[0].charAt(0), p[1].charAt(0));
    return Map.copyOf(m);
  }
}
