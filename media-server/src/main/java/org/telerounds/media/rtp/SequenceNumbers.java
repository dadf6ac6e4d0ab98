package org.telerounds.media.rtp;

/**
 * Wrap-aware arithmetic on 16-bit RTP sequence numbers (RFC 3550 appendix A.1 style): signed
 * distance and "is newer" comparison that treat 65535 -> 0 as a step forward. Inputs are taken
 * modulo 2^16, so callers may pass raw {@code int}s. Use {@link SequenceUnwrapper} to extend a
 * stream of sequence numbers to a monotonic {@code long}.
 */
public final class SequenceNumbers {
  private SequenceNumbers() {}

  /**
   * Signed forward distance from {@code b} to {@code a} in [-32768, 32767]: {@code diff(1, 65535)}
   * is 2, {@code diff(65535, 1)} is -2. Exactly half the space apart yields -32768.
   */
  public static int diff(int a, int b) {
    return (short) (a - b);
  }

  /**
   * True if {@code a} comes after {@code b} in wrap-around order. For the ambiguous distance of
   * exactly 32768 the numerically larger value is considered newer, so exactly one of
   * {@code isNewer(a, b)} and {@code isNewer(b, a)} is true whenever {@code a != b} (mod 2^16).
   */
  public static boolean isNewer(int a, int b) {
    int d = (a - b) & 0xFFFF;
    if (d == 0x8000) {
      return (a & 0xFFFF) > (b & 0xFFFF);
    }
    return d != 0 && d < 0x8000;
  }
}
