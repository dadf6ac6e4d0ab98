package org.telerounds.media.transcribe;

import java.util.Locale;

/** Word error rate: word-level Levenshtein distance over the reference length, on normalised text. */
public final class WordErrorRate {
  private WordErrorRate() {}

  /** Lower case, digits and letters only, single spaces. */
  public static String[] words(String text) {
    String t = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  /** Edit distance in words between reference and hypothesis. */
  public static int errors(String reference, String hypothesis) {
    String[] r = words(reference);
    String[] h = words(hypothesis);
    int[] prev = new int[h.length + 1];
    int[] cur = new int[h.length + 1];
    for (int j = 0; j <= h.length; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= r.length; i++) {
      cur[0] = i;
      for (int j = 1; j <= h.length; j++) {
        int sub = prev[j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[h.length];
  }

  public static double wer(String reference, String hypothesis) {
    int n = words(reference).length;
    return n == 0 ? (words(hypothesis).length == 0 ? 0 : 1) : (double) errors(reference, hypothesis) / n;
  }

}
