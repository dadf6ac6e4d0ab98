package org.telerounds.recorder.archive;

/**
 * What an auditor searches for; null fields match anything. {@code fromMillis}/{@code toMillis}
 * bound the round's start time (inclusive, exclusive).
 */
public record RoundQuery(String cartId, String hospital, String ward, String participant, Long fromMillis,
    Long toMillis, int limit) {
  public static final int MAX_LIMIT = 500;

  public RoundQuery {
    if (limit <= 0 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
  }

  boolean matches(ArchivedRound r) {
    return (cartId == null || cartId.equals(r.cartId())) && (hospital == null || hospital.equals(r.hospital()))
        && (ward == null || ward.equals(r.ward()))
        && (participant == null || r.subjects().contains(participant))
        && (fromMillis == null || r.startedMillis() >= fromMillis) && (toMillis == null || r.startedMillis() < toMillis);
  }
}
