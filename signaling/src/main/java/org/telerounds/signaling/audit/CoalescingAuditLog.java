package org.telerounds.signaling.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Folds bursts of live-round actions into few entries. The first {@link #record} of an action by
 * one participant in a room is written at once; repeats within the window are counted and written
 * as one {@code coalesced} entry when the window ends ("+N in 1s: relayed x8, rate-limited x230;
 * last: ..."), and a new window opens while the burst lasts. So a flood of camera commands costs
 * about one entry per second per participant. Accesses ({@link #append}) are never folded.
 * A tick thread ({@code audit-coalesce}) closes windows; {@link #close} writes what is open.
 */
public final class CoalescingAuditLog implements AuditLog, AutoCloseable {
  private static final int MAX_WINDOWS = 10_000;
  private final AuditLog target;
  private final Clock clock;
  private final long windowMillis;
  private final LongConsumer folded;
  private final Map<String, Window> windows = new HashMap<>();
  private final ScheduledExecutorService tick;

  private static final class Window {
    final String actor;
    final String role;
    final String room;
    final String action;
    final long endMillis;
    final Map<String, Integer> outcomes = new TreeMap<>();
    int count;
    String lastDetail = "";

    Window(String actor, String role, String room, String action, long endMillis) {
      this.actor = actor;
      this.role = role;
      this.room = room;
      this.action = action;
      this.endMillis = endMillis;
    }
  }

  /** {@code folded} counts actions that went into a coalesced entry instead of their own. */
  public CoalescingAuditLog(AuditLog target, Clock clock, Duration window, LongConsumer folded) {
    this.target = target;
    this.clock = clock;
    this.windowMillis = window.toMillis();
    this.folded = folded;
    this.tick = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-coalesce");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(50, windowMillis / 5);
    tick.scheduleAtFixedRate(this::flushDue, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<Void> append(AuditEvent event) {
    return target.append(event);
  }

  @Override
  public void record(String actor, String actorRole, String room, String action, String detail, String outcome) {
    String key = actor + '\u0000' + room + '\u0000' + action;
    synchronized (windows) {
      Window w = windows.get(key);
      if (w != null) {
        w.count++;
        w.outcomes.merge(outcome == null ? "-" : outcome, 1, Integer::sum);
        w.lastDetail = detail == null ? "" : detail;
        folded.accept(1);
        return;
      }
      if (windows.size() < MAX_WINDOWS) {
        windows.put(key, new Window(actor, actorRole, room, action, clock.millis() + windowMillis));
      }
    }
    target.record(actor, actorRole, room, action, detail, outcome);
  }

  /** Writes the windows that have ended (called by the tick thread; tests call it directly). */
  public void flushDue() {
    flush(clock.millis(), false);
  }

  private void flush(long now, boolean all) {
    List<Window> due = new ArrayList<>();
    synchronized (windows) {
      for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Window> e = it.next();
        Window w = e.getValue();
        if (!all && w.endMillis > now) continue;
        if (w.count > 0) {
          due.add(w);
          if (!all) {
            e.setValue(new Window(w.actor, w.role, w.room, w.action, now + windowMillis));
            continue;
          }
        }
        it.remove();
      }
    }
    for (Window w : due) {
      StringBuilder d = new StringBuilder("+").append(w.count).append(" in ").append(windowMillis).append(" ms:");
      w.outcomes.forEach((o, n) -> d.append(' ').append(o).append(" x").append(n).append(','));
      d.setLength(d.length() - 1);
      d.append("; last: ").append(w.lastDetail);
      target.record(w.actor, w.role, w.room, w.action, d.toString(), "coalesced");
    }
  }

  /** Writes the open windows, then closes the target if it can be closed. */
  @Override
  public void close() {
    tick.shutdownNow();
    flush(clock.millis(), true);
    if (target instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
