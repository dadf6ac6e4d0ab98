package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.sfu.BandwidthAllocator.Decision;
import org.telerounds.media.sfu.BandwidthAllocator.Leg;

class BandwidthAllocatorTest {
  private final BandwidthAllocator allocator = new BandwidthAllocator();
  private final Object room = "camera:room";
  private final Object exam = "camera:exam";
  private final Object voice = "mic:patient";

  private List<Leg> legs(long roomBps, long examBps) {
    return List.of(new Leg(voice, false, TrackRole.MIC_PATIENT.ordinal(), 30_000),
        new Leg(room, true, TrackRole.CAMERA_ROOM.ordinal(), roomBps),
        new Leg(exam, true, TrackRole.CAMERA_EXAM.ordinal(), examBps));
  }

  /** Runs the allocation every 100 ms from {@code fromMs} for {@code ms}; returns the last decision. */
  private Decision run(long estimate, List<Leg> legs, long fromMs, long ms, List<Object> suspended, List<Object> resumed) {
    Decision d = null;
    for (long t = fromMs; t < fromMs + ms; t += 100) {
      d = allocator.allocate(estimate, legs, t);
      suspended.addAll(d.suspend());
      resumed.addAll(d.resume());
    }
    return d;
  }

  @Test
  void whatFitsStaysOnAndNothingIsPadded() {
    List<Object> s = new java.util.ArrayList<>();
    Decision d = run(2_000_000, legs(800_000, 800_000), 0, 10_000, s, new java.util.ArrayList<>());
    assertThat(s).isEmpty();
    assertThat(d.paddingBps()).isZero();
  }

  @Test
  void aDropSuspendsTheLowerPriorityCameraFirstAndOnlyAfterItLasts() {
    List<Object> s = new java.util.ArrayList<>();
    run(2_000_000, legs(800_000, 800_000), 0, 5_000, s, new java.util.ArrayList<>());
    // room for audio and one camera only
    run(1_000_000, legs(800_000, 800_000), 5_000, 1_500, s, new java.util.ArrayList<>());
    assertThat(s).as("a dip shorter than 2 s suspends nothing").isEmpty();
    run(1_000_000, legs(800_000, 800_000), 6_500, 1_000, s, new java.util.ArrayList<>());
    assertThat(s).containsExactly(exam);
    assertThat(allocator.suspended(room)).isFalse();
  }

  @Test
  void withRoomForNoCameraOnlyAudioIsLeftAndPaddingProbesForTheNext() {
    List<Object> s = new java.util.ArrayList<>();
    Decision d = run(300_000, legs(800_000, 800_000), 0, 3_000, s, new java.util.ArrayList<>());
    assertThat(s).containsExactlyInAnyOrder(room, exam);
    // sending only audio (30k); the room camera needs 1.25 x 800k on top: pad up to the estimate
    assertThat(d.paddingBps()).isEqualTo(300_000 - 30_000);
  }

  @Test
  void aSuspendedCameraResumesOnlyWithHeadroomHeldAndNotTooSoon() {
    List<Object> s = new java.util.ArrayList<>();
    List<Object> r = new java.util.ArrayList<>();
    run(300_000, legs(800_000, 0), 0, 3_000, s, r);
    assertThat(s).containsExactly(room);
    run(1_000_000, legs(800_000, 0), 3_000, 3_000, s, r);
    assertThat(r).as("1 Mbit/s is not 800k + 25% + audio").isEmpty();
    run(1_200_000, legs(800_000, 0), 6_000, 1_900, s, r);
    assertThat(r).as("headroom for under 2 s").isEmpty();
    run(1_200_000, legs(800_000, 0), 7_900, 300, s, r);
    assertThat(r).containsExactly(room);
    Decision d = run(1_200_000, legs(800_000, 0), 8_200, 500, s, r);
    assertThat(d.paddingBps()).isZero();
  }

  @Test
  void aFlappingEstimateCannotResumeWithinFiveSecondsOfASuspension() {
    List<Object> s = new java.util.ArrayList<>();
    List<Object> r = new java.util.ArrayList<>();
    run(300_000, legs(800_000, 0), 0, 2_100, s, r); // suspended at 2.0 s
    run(5_000_000, legs(800_000, 0), 2_100, 4_000, s, r);
    assertThat(r).as("room again from 2.1 s, but suspended at 2.0 s").isEmpty();
    run(5_000_000, legs(800_000, 0), 6_100, 1_000, s, r);
    assertThat(r).containsExactly(room);
  }

  @Test
  void anUnboundedEstimateAsWhenFeedbackStopsBringsSuspendedVideoBackByTheUsualRules() {
    List<Object> s = new java.util.ArrayList<>();
    List<Object> r = new java.util.ArrayList<>();
    run(300_000, legs(800_000, 800_000), 0, 3_000, s, r);
    assertThat(s).containsExactlyInAnyOrder(room, exam);
    run(Long.MAX_VALUE / 4, legs(800_000, 800_000), 3_000, 3_900, s, r);
    assertThat(r).as("not within 5 s of the suspension").isEmpty();
    run(Long.MAX_VALUE / 4, legs(800_000, 800_000), 6_900, 1_000, s, r);
    assertThat(r).containsExactlyInAnyOrder(room, exam);
  }
}
