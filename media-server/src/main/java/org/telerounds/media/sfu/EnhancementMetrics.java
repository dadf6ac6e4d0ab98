package org.telerounds.media.sfu;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics of the live enhancement path, with help text and no labels (no room or cart ids): carts
 * enhanced now, frames published on {@code voice:enhanced}, input packets the enhancer's bounded
 * queue dropped, output frames that arrived after their track closed, and room switches.
 */
public final class EnhancementMetrics {
  private final AtomicInteger carts = new AtomicInteger();
  private final Counter framesOut;
  private final Counter inputDrops;
  private final Counter lateFrames;
  private final Counter switchesOn;
  private final Counter switchesOff;

  public EnhancementMetrics(MeterRegistry registry) {
    Gauge.builder("telerounds.enhancement.carts", carts, AtomicInteger::get)
        .description("Carts whose voice is enhanced now (one voice:enhanced track each)").register(registry);
    framesOut = Counter.builder("telerounds.enhancement.frames.out")
        .description("20 ms Opus frames published on voice:enhanced tracks").register(registry);
    inputDrops = Counter.builder("telerounds.enhancement.input.drops")
        .description("Mic packets not queued for an enhancer (queue full, or enhancer closing)").register(registry);
    lateFrames = Counter.builder("telerounds.enhancement.late.frames")
        .description("Enhanced frames dropped because their track had closed").register(registry);
    switchesOn = Counter.builder("telerounds.enhancement.switches").tag("state", "on")
        .description("Rooms switched on or off by an operator or expert").register(registry);
    switchesOff = Counter.builder("telerounds.enhancement.switches").tag("state", "off")
        .description("Rooms switched on or off by an operator or expert").register(registry);
  }

  void cartStarted() { carts.incrementAndGet(); }
  void cartStopped() { carts.decrementAndGet(); }
  void frameOut() { framesOut.increment(); }
  void inputDrop() { inputDrops.increment(); }
  void lateFrame() { lateFrames.increment(); }
  void switched(boolean on) { (on ? switchesOn : switchesOff).increment(); }

  /** Carts enhanced now. */
  public int activeCarts() { return carts.get(); }
}
