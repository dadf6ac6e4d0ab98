package org.telerounds.recorder.round;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A finished (or recovered) round as the finisher needs it. */
public record RoundSummary(String roundId, RoundInfo info, long startedMillis, List<Participant> participants,
    List<Track> tracks, List<JournalEntry> journal) {

  /**
   * A recorded track; times are wall-clock milliseconds (-1 when unknown). After a crash they are
   * what round.json last said: up to the end of the last segment kept in the spool.
   */
  public record Track(String trackId, String participantId, String role, String kind, String codec,
      String extension, long firstMillis, long lastMillis, List<Segment> segments, List<Gap> gaps) {}

  /** Whether any track has a gap. */
  public boolean hasGaps() {
    return tracks.stream().anyMatch(t -> !t.gaps().isEmpty());
  }

  static com.fasterxml.jackson.databind.node.ArrayNode gapsJson(List<Gap> gaps) {
    com.fasterxml.jackson.databind.node.ArrayNode a = RoundRecording.JSON.createArrayNode();
    gaps.forEach(g -> a.addObject().put("startMillis", g.startMillis()).put("endMillis", g.endMillis())
        .put("cause", g.cause()));
    return a;
  }

  public String prefix() {
    return "rounds/" + roundId + "/";
  }

  static void putInfo(ObjectNode o, RoundInfo info) {
    o.put("room", info.room());
    if (info.cartId() != null) o.put("cartId", info.cartId());
    if (info.hospital() != null) o.put("hospital", info.hospital());
    if (info.ward() != null) o.put("ward", info.ward());
  }

  static ObjectNode participantJson(Participant p) {
    return RoundRecording.JSON.createObjectNode().put("participantId", p.participantId()).put("subject", p.subject())
        .put("role", p.role()).put("joinedMillis", p.joinedMillis());
  }
}
