package org.telerounds.recorder.round;

/**
 * What signaling knows about a round for its record: the room, and the cart's id, hospital and
 * ward when a cart with a profile is in it (else null). No patient identifiers.
 */
public record RoundInfo(String room, String cartId, String hospital, String ward) {
  public static RoundInfo ofRoom(String room) {
    return new RoundInfo(room, null, null, null);
  }
}
