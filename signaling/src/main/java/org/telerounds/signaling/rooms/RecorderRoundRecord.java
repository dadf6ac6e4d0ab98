package org.telerounds.signaling.rooms;

import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.Recorder;
import org.telerounds.recorder.round.JournalEntry;
import org.telerounds.recorder.round.Participant;
import org.telerounds.recorder.round.RoundInfo;
import org.telerounds.signaling.carts.CartIdentities;

/**
 * The round's record kept by the recorder. When a cart joins, its hospital and ward are read from
 * its active profile (on the blocking executor: it is a file read) so auditors can search by them.
 */
public final class RecorderRoundRecord implements RoundRecord {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.record");
  private final Recorder recorder;
  private final CartIdentities carts;
  private final Executor blocking;

  public RecorderRoundRecord(Recorder recorder, CartIdentities carts, Executor blocking) {
    this.recorder = recorder;
    this.carts = carts;
    this.blocking = blocking;
  }

  @Override
  public void joined(String room, String participantId, String subject, String role, long atMillis) {
    if (role.equals("cart")) {
      recorder.roundStarted(RoundInfo.ofRoom(room));
      blocking.execute(() -> cartInfo(room, subject));
    }
    recorder.participantJoined(room, new Participant(participantId, subject, role, atMillis));
  }

  private void cartInfo(String room, String cartId) {
    try {
      var id = carts.of(cartId);
      recorder.roundStarted(new RoundInfo(room, cartId, id.map(CartIdentities.Identity::hospital).orElse(null),
          id.map(CartIdentities.Identity::ward).orElse(null)));
    } catch (Exception e) {
      LOG.warn("cannot read the cart's profile for the round's record: {}", e.getMessage());
      recorder.roundStarted(new RoundInfo(room, cartId, null, null));
    }
  }

  @Override
  public void event(String room, String participantId, String type, long atMillis) {
    recorder.journal(room, new JournalEntry(atMillis, participantId, type));
  }

  @Override
  public void ended(String room) {
    recorder.roundEnded(room);
  }
}
