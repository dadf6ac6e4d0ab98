package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A round: the participants in it and who receives whose tracks. Every participant receives every
 * track published by the others, and every server-made track (a cart's {@code voice:enhanced})
 * except its owner's. State lives on the media event loop.
 */
public final class Room implements RoomEnhancement.Host {
  private final String id;
  private final MediaContext ctx;
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private Participant[] snapshot = new Participant[0];
  private final List<PublishedTrack> serverTracks = new ArrayList<>();
  private final RoomEnhancement enhancement;
  private final Runnable onEmpty;

  Room(String id, MediaContext ctx, Runnable onEmpty) {
    this.id = id;
    this.ctx = ctx;
    this.onEmpty = onEmpty;
    this.enhancement = ctx.enhancement() == null ? null : new RoomEnhancement(ctx.enhancement(), this);
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
    for (PublishedTrack t : serverTracks) {
      if (!t.info().participantId().equals(participantId)) p.addLeg(t);
    }
    participants.put(participantId, p);
    snapshot = participants.values().toArray(new Participant[0]);
    return p;
  }

  void trackAdded(PublishedTrack t) {
    for (Participant p : participants.values()) {
      if (!p.id().equals(t.info().participantId())) p.addLeg(t);
    }
    if (enhancement != null) enhancement.onTrackPublished(t);
  }

  void trackRemoved(PublishedTrack t) {
    for (Participant p : participants.values()) p.removeLegsOf(t);
    if (enhancement != null) enhancement.onTrackEnded(t);
  }

  @Override
  public void addServerTrack(PublishedTrack t) {
    serverTracks.add(t);
    for (Participant p : participants.values()) {
      if (!p.id().equals(t.info().participantId())) p.addLeg(t);
    }
    Participant owner = participants.get(t.info().participantId());
    if (owner != null) owner.listener().onServerTrackAdded(t.info());
  }

  @Override
  public void removeServerTrack(PublishedTrack t) {
    if (!serverTracks.remove(t)) return;
    for (Participant p : participants.values()) p.removeLegsOf(t);
    ctx.taps().forEach(tap -> tap.onTrackEnded(t.info()));
    Participant owner = participants.get(t.info().participantId());
    if (owner != null) owner.listener().onServerTrackRemoved(t.info());
  }

  /** This room's live enhancement, or null when the server has none. */
  RoomEnhancement enhancement() { return enhancement; }

  void remove(Participant p) {
    if (participants.remove(p.id(), p)) snapshot = participants.values().toArray(new Participant[0]);
    if (enhancement != null) enhancement.onParticipantLeft(p.id());
    if (participants.isEmpty()) {
      if (enhancement != null) enhancement.close();
      onEmpty.run();
    }
  }

  List<Participant> participants() { return List.of(snapshot); }

  /**
   * The participants now, as an array made when one joined or left: the media loop's timers walk
   * it every few milliseconds without copying (a participant that leaves during the walk is still
   * visited; its work then does nothing). Not to be modified.
   */
  Participant[] snapshot() { return snapshot; }
}
