package org.telerounds.signaling.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import java.util.function.IntFunction;

/**
 * The outgoing side of one signaling session: messages go to the connection that carries it now,
 * and while it has none (the WebSocket dropped, the session waits for a resume) they are kept, the
 * oldest dropped beyond {@value #MAX_KEPT}. A resume switches the connection and writes the kept
 * messages after its first reply, in order, with nothing from another thread slipping between.
 * Thread-safe: any thread sends; the session's loop switches.
 */
final class Outbox {
  static final int MAX_KEPT = 256;
  private final Object lock = new Object();
  private final ArrayDeque<ObjectNode> kept = new ArrayDeque<>();
  private Channel channel;
  private boolean away;
  private boolean keeping;
  private int dropped;

  Outbox(Channel channel) {
    this.channel = channel;
  }

  /** The connection carrying the session now. */
  Channel channel() {
    synchronized (lock) {
      return channel;
    }
  }

  /** From now on, messages sent while there is no connection are kept ({@code true}) or dropped. */
  void keepWhileAway(boolean on) {
    synchronized (lock) {
      keeping = on;
      if (!on) {
        kept.clear();
        dropped = 0;
      }
    }
  }

  /** Sends {@code msg}, or keeps it while the session has no connection. */
  void send(ObjectNode msg) {
    synchronized (lock) {
      if (!away && channel.isActive()) {
        channel.writeAndFlush(new TextWebSocketFrame(msg.toString()));
      } else if (keeping) {
        if (kept.size() >= MAX_KEPT) {
          kept.pollFirst();
          dropped++;
        }
        kept.add(msg);
      }
    }
  }

  /** The connection is gone; keep messages until {@link #switchTo}. */
  void away() {
    synchronized (lock) {
      away = true;
    }
  }

  boolean isAway() {
    synchronized (lock) {
      return away;
    }
  }

  /** What {@link #switchTo} replaced: the previous connection, and whether it was already gone. */
  record Switched(Channel previous, boolean wasAway) {}

  /**
   * Carries on over {@code ch}: writes {@code first} (given how many kept messages were dropped),
   * then the kept messages in order, and from then on everything sent.
   */
  Switched switchTo(Channel ch, IntFunction<ObjectNode> first) {
    synchronized (lock) {
      Switched s = new Switched(channel, away);
      ch.write(new TextWebSocketFrame(first.apply(dropped).toString()));
      for (ObjectNode m; (m = kept.pollFirst()) != null; ) ch.write(new TextWebSocketFrame(m.toString()));
      ch.flush();
      channel = ch;
      away = false;
      dropped = 0;
      return s;
    }
  }
}
