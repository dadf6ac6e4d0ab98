package org.telerounds.media.sfu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A round: the participants in it and who receives whose tracks. Every participant receives every
 * track published by the others. State lives on the media event loop.
 */
public final class Room {
  private final String id;
  private final MediaContext ctx;
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private final Runnable onEmpty;

  Room(String id, MediaContext ctx, Runnable onEmpty) {
    this.id = id;
    this.ctx = ctx;
    this.onEmpty = onEmpty;
  }

  public String id() { return id; }

  Participant join(String participantId, ParticipantListener listener) {
    if (participants.containsKey(participantId)) {
      throw new MediaException("duplicate-participant", "participant already in the room");
    }
    Participant p = new Participant(participantId, this, ctx, listener);
    for (Participant other : participants.values()) {
      other.tracks().forEach(p::addLeg);
    }
    participants.put(participantId, p);
    return p;
  }

  void trackAdded(PublishedTrack t) {
    for (Participant p : participants.values()) {
      if (!p.id().equals(t.info().participantId())) p.addLeg(t);
    }
  }

  void trackRemoved(PublishedTrack t) {
    for (Participant p : participants.values()) p.removeLegsOf(t);
  }

  void remove(Participant p) {
    participants.remove(p.id(), p);
    if (participants.isEmpty()) onEmpty.run();
  }

  List<Participant> participants() { return List.copyOf(participants.values()); }
}
