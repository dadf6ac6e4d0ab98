package org.telerounds.media.cc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures for docs/benchmarks.md: the send-side estimate on simulated bottleneck links
 * ({@link LinkSimulator}: 20 ms each way, a 300 ms tail-drop queue, feedback every 100 ms through
 * the real generator, writer and parser), once without probing and once with it (the sender then
 * pads each probe cluster as the SFU does). Deterministic (seeded), so the table is the same on
 * any machine. {@code mvn -q -o -B -pl media-server test-compile exec:exec@bwe}
 */
public final class BweSimulation {
  private BweSimulation() {}

  public static void main(String[] args) {
    Map<String, String> without = figures(false);
    Map<String, String> with = figures(true);
    System.out.println("| scenario | without probing | with probing |");
    System.out.println("|---|---|---|");
    for (Map.Entry<String, String> e : with.entrySet()) {
      System.out.println("| " + e.getKey() + " | " + without.getOrDefault(e.getKey(), "–") + " | " + e.getValue() + " |");
    }
  }

  private static SendSideBwe bwe(long startBps, boolean probing) {
    return new SendSideBwe(startBps, 50_000, 6_000_000, probing);
  }

  private static Map<String, String> figures(boolean probing) {
    Map<String, String> rows = new LinkedHashMap<>();
    LinkSimulator ramp = new LinkSimulator(bwe(300_000, probing), 2_000_000);
    long up = ramp.runUntil(e -> e >= 1_600_000, 60_000);
    rows.put("2 Mbit/s link, start at 300 kbit/s: time to 80% of the link", up + " ms");
    ramp.run(30_000);
    ramp.queueDelayP95AndReset();
    long before = ramp.deliveredBytes;
    long padBefore = ramp.paddingBytes;
    ramp.run(30_000);
    rows.put("2 Mbit/s link, steady state: estimate", ramp.bwe.estimateBps() / 1000 + " kbit/s");
    rows.put("2 Mbit/s link, steady state: link capacity used (media)",
        (ramp.deliveredBytes - before) * 8 / 30 / 20_000 + "%");
    rows.put("2 Mbit/s link, steady state: probe padding sent",
        String.format("%.1f%% of the link", (ramp.paddingBytes - padBefore) * 8 / 30.0 / 20_000));
    rows.put("2 Mbit/s link, steady state: queue delay p95", ramp.queueDelayP95AndReset() + " ms");

    LinkSimulator step = new LinkSimulator(bwe(300_000, probing), 2_500_000);
    step.run(30_000);
    step.capacityBps = 600_000;
    rows.put("2.5 Mbit/s -> 600 kbit/s: time until the estimate is at most 110% of the new link",
        step.runUntil(e -> e <= 660_000, 20_000) + " ms");
    step.run(10_000);
    step.queueDelayP95AndReset();
    long b2 = step.deliveredBytes;
    step.run(20_000);
    rows.put("600 kbit/s: link capacity used (media)", (step.deliveredBytes - b2) * 8 / 20 / 6_000 + "%");
    rows.put("600 kbit/s: queue delay p95", step.queueDelayP95AndReset() + " ms");
    step.capacityBps = 2_500_000;
    rows.put("600 kbit/s -> 2.5 Mbit/s: time until the estimate is back at 1.5 Mbit/s",
        step.runUntil(e -> e >= 1_500_000, 60_000) + " ms");
    rows.put("... then, further, until 2 Mbit/s", step.runUntil(e -> e >= 2_000_000, 60_000) + " ms");
    rows.put("600 kbit/s -> 2.5 Mbit/s, over 10 step times 0.5 s apart: back at 1.5 Mbit/s, median / worst",
        stepUpSpread(probing));

    LinkSimulator loss = new LinkSimulator(bwe(300_000, probing), 2_000_000);
    loss.run(30_000);
    long pre = loss.bwe.estimateBps();
    loss.lossRatio = 0.25;
    loss.run(3_000);
    rows.put("2 Mbit/s, 3 s of 25% loss: estimate before -> after",
        pre / 1000 + " -> " + loss.bwe.estimateBps() / 1000 + " kbit/s");
    loss.lossRatio = 0;
    rows.put("after the loss burst: time to 80% of the estimate before",
        loss.runUntil(e -> e >= pre * 0.8, 60_000) + " ms");

    LinkSimulator fixed = new LinkSimulator(bwe(1_000_000, probing), 600_000);
    fixed.source = e -> 1_500_000;
    rows.put("a 1.5 Mbit/s stream the SFU cannot shrink, on a 600 kbit/s link: time until the estimate < 600 kbit/s",
        fixed.runUntil(e -> e < 600_000, 20_000) + " ms");
    return rows;
  }

  /** The step up at ten different moments (periodic probes run on their own clock): median and worst. */
  private static String stepUpSpread(boolean probing) {
    List<Long> times = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      LinkSimulator sim = new LinkSimulator(bwe(300_000, probing), 2_500_000);
      sim.run(30_000);
      sim.capacityBps = 600_000;
      sim.run(20_000 + k * 500L);
      sim.capacityBps = 2_500_000;
      long t = sim.runUntil(e -> e >= 1_500_000, 60_000);
      times.add(t < 0 ? Long.MAX_VALUE : t);
    }
    times.sort(null);
    return ms(times.get(4)) + " / " + ms(times.get(9));
  }

  private static String ms(long t) {
    return t == Long.MAX_VALUE ? "> 60000 ms" : t + " ms";
  }
}
