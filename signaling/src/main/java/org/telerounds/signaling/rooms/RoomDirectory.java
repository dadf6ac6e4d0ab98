package org.telerounds.signaling.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.telerounds.signaling.ws.SignalingSession;

/**
 * Who is in which room, as signaling sees it, for broadcasting participant and track events. Safe
 * from any thread; it holds no media state (that is the media server's).
 */
public final class RoomDirectory {
  private final Map<String, Map<String, SignalingSession>> rooms = new ConcurrentHashMap<>();
  private final Map<String, RoundJournal> journals = new ConcurrentHashMap<>();

  /** The event journal of a room's round (privacy intervals and the like). */
  public RoundJournal journal(String room) {
    return journals.computeIfAbsent(room, r -> new RoundJournal());
  }

  public void add(String room, SignalingSession s) {
    rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(s.participantId(), s);
  }

  public void remove(String room, SignalingSession s) {
    rooms.computeIfPresent(room, (r, m) -> {
      m.remove(s.participantId(), s);
      return m.isEmpty() ? null : m;
    });
  }

  public List<SignalingSession> members(String room) {
    Map<String, SignalingSession> m = rooms.get(room);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  /** Sends {@code msg} to everyone in {@code room} except {@code except} (may be null). */
  public void broadcast(String room, ObjectNode msg, SignalingSession except) {
    for (SignalingSession s : members(room)) {
      if (s != except) s.send(msg);
    }
  }

  public int roomCount() { return rooms.size(); }

  public int participantCount() { return rooms.values().stream().mapToInt(Map::size).sum(); }
}
