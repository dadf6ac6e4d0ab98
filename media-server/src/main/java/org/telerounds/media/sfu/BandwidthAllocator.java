package org.telerounds.media.sfu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for one subscriber, which video legs its estimate can carry: audio first, always (each
 * audio leg is reserved at least {@value #MIN_AUDIO_BPS} bit/s), then video legs in priority
 * order while they fit. A video leg that has not fit for {@value #SUSPEND_AFTER_MS} ms is
 * suspended (rather than let it fill the subscriber's link and drown the patient's voice); a
 * suspended leg resumes once the estimate has had room for it plus 25% for
 * {@value #RESUME_HOLD_MS} ms, and never sooner than {@value #MIN_SUSPENDED_MS} ms after it was
 * suspended, so one flaky link does not make the publisher send keyframe after keyframe. While a
 * leg is suspended the estimate cannot grow by itself (it is capped near what the subscriber
 * acknowledges), so the allocation asks for padding: enough to bring what is sent up to the
 * estimate, or to what the next leg needs, whichever is less. Pure logic on the caller's clock.
 */
final class BandwidthAllocator {
  static final long MIN_AUDIO_BPS = 40_000;
  static final long SUSPEND_AFTER_MS = 2_000;
  static final long RESUME_HOLD_MS = 2_000;
  static final long MIN_SUSPENDED_MS = 5_000;
  static final double RESUME_HEADROOM = 1.25;

  /** One leg as the allocation sees it: its kind, its priority (lower first), what it costs now. */
  record Leg(Object key, boolean video, int priority, long bps) {}

  /** The legs to suspend now, those to resume now, and the padding to send (bit/s). */
  record Decision(List<Object> suspend, List<Object> resume, long paddingBps) {}

  private static final class State {
    boolean suspended;
    long sinceMs; // suspended since, or
    long overSinceMs = -1; // not fitting since (while on)
    long fitsSinceMs = -1; // fitting with headroom since (while suspended)
  }

  private final Map<Object, State> states = new IdentityHashMap<>();

  Decision allocate(long estimateBps, List<Leg> legs, long nowMs) {
    states.keySet().retainAll(legs.stream().map(Leg::key).toList());
    long budget = estimateBps;
    long sending = 0;
    List<Leg> video = new ArrayList<>();
    for (Leg l : legs) {
      if (l.video()) {
        video.add(l);
      } else {
        budget -= Math.max(l.bps(), MIN_AUDIO_BPS);
        sending += l.bps();
      }
    }
    video.sort(Comparator.comparingInt(Leg::priority));
    List<Object> suspend = new ArrayList<>();
    List<Object> resume = new ArrayList<>();
    long nextNeed = -1;
    for (Leg l : video) {
      State s = states.computeIfAbsent(l.key(), k -> new State());
      if (!s.suspended) {
        if (l.bps() <= budget * 1.1 || l.bps() == 0) {
          s.overSinceMs = -1;
          budget -= l.bps();
          sending += l.bps();
        } else if (s.overSinceMs < 0) {
          s.overSinceMs = nowMs;
          budget -= l.bps(); // still sent until it is suspended
          sending += l.bps();
        } else if (nowMs - s.overSinceMs >= SUSPEND_AFTER_MS) {
          s.suspended = true;
          s.sinceMs = nowMs;
          s.fitsSinceMs = -1;
          suspend.add(l.key());
        } else {
          budget -= l.bps();
          sending += l.bps();
        }
      } else {
        long need = (long) (l.bps() * RESUME_HEADROOM);
        if (need <= budget) {
          if (s.fitsSinceMs < 0) s.fitsSinceMs = nowMs;
          if (nowMs - s.fitsSinceMs >= RESUME_HOLD_MS && nowMs - s.sinceMs >= MIN_SUSPENDED_MS) {
            s.suspended = false;
            s.overSinceMs = -1;
            resume.add(l.key());
            budget -= l.bps();
            sending += l.bps();
            continue;
          }
        } else {
          s.fitsSinceMs = -1;
        }
        if (nextNeed < 0) nextNeed = sending + need;
      }
    }
    long padding = nextNeed < 0 ? 0 : Math.max(0, Math.min(estimateBps, nextNeed) - sending);
    return new Decision(suspend, resume, padding);
  }

  boolean suspended(Object key) {
    State s = states.get(key);
    return s != null && s.suspended;
  }
}
