package org.telerounds.signaling.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.telerounds.signaling.ws.SignalingSession;

/**
 * Who is in which room, as signaling sees it, for broadcasting participant and track events, and
 * for the round's record: a round starts with its first participant and ends when the room
 * empties. Safe from any thread; it holds no media state (that is the media server's).
 */
public final class RoomDirectory {
  private final Map<String, Map<String, SignalingSession>> rooms = new ConcurrentHashMap<>();
  private final RoundRecord record;
  private final CaptionRelay captions;
  /**
   * Joins and leaves of one room are serialized on one of these (by the room's hash), so that
   * every member hears of every other exactly once: a joiner either finds a member in its
   * snapshot or that member hears the joiner's announcement, never neither.
   */
  private final Object[] stripes = new Object[64];

  public RoomDirectory(RoundRecord record) {
    this(record, null);
  }

  /** {@code captions} may be null: no caption events at all. */
  public RoomDirectory(RoundRecord record, CaptionRelay captions) {
    for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
    this.record = record;
    this.captions = captions;
    if (captions != null) captions.bind(this::members);
  }

  /** The round's record (privacy intervals and the like go there). */
  public RoundRecord record() {
    return record;
  }

  private Object stripe(String room) {
    return stripes[Math.floorMod(room.hashCode(), stripes.length)];
  }

  /**
   * {@code s} enters {@code room}, atomically for that room: {@code welcome} makes its
   * {@code joined} from the members before it, which is sent to it first; then it is a member and
   * {@code announce} goes to those members. Sends only enqueue, so the lock is held briefly.
   */
  public void enter(String room, SignalingSession s, Function<List<SignalingSession>, ObjectNode> welcome,
      ObjectNode announce) {
    synchronized (stripe(room)) {
      List<SignalingSession> before = members(room);
      s.send(welcome.apply(before));
      add(room, s);
      for (SignalingSession m : before) m.send(announce);
    }
  }

  /** {@code s} leaves {@code room}, atomically for that room; {@code farewell} goes to those who stay. */
  public void exit(String room, SignalingSession s, ObjectNode farewell) {
    synchronized (stripe(room)) {
      remove(room, s);
      broadcast(room, farewell, s);
    }
  }

  public void add(String room, SignalingSession s) {
    rooms.compute(room, (r, m) -> {
      Map<String, SignalingSession> members = m == null ? new ConcurrentHashMap<>() : m;
      members.put(s.participantId(), s);
      return members;
    });
    record.joined(room, s.participantId(), s.subject(), s.roleName(), s.joinedMillis());
    if (captions != null) captions.joined(room, s);
  }

  public void remove(String room, SignalingSession s) {
    boolean[] emptied = new boolean[1];
    rooms.computeIfPresent(room, (r, m) -> {
      m.remove(s.participantId(), s);
      emptied[0] = m.isEmpty();
      return m.isEmpty() ? null : m;
    });
    if (!emptied[0]) return;
    if (captions == null) {
      record.ended(room);
      return;
    }
    // The transcript goes to the record first; a participant who re-joined meanwhile continues the round.
    captions.ended(room).whenComplete((v, e) -> {
      if (members(room).isEmpty()) record.ended(room);
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
