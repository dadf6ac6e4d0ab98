package org.telerounds.media.cc;

/**
 * Figures for docs/benchmarks.md: the send-side estimate on simulated bottleneck links
 * ({@link LinkSimulator}: 20 ms each way, a 300 ms tail-drop queue, feedback every 100 ms through
 * the real generator, writer and parser). Deterministic (seeded), so the table is the same on any
 * machine. {@code mvn -q -o -B -pl media-server test-compile exec:exec@bwe}
 */
public final class BweSimulation {
  private BweSimulation() {}

  public static void main(String[] args) {
    System.out.println("| scenario | figure |");
    System.out.println("|---|---|");
    LinkSimulator ramp = new LinkSimulator(new SendSideBwe(300_000, 50_000, 6_000_000), 2_000_000);
    long up = ramp.runUntil(e -> e >= 1_600_000, 60_000);
    row("2 Mbit/s link, start at 300 kbit/s: time to 80% of the link", up + " ms");
    ramp.run(30_000);
    ramp.queueDelayP95AndReset();
    long before = ramp.deliveredBytes;
    ramp.run(30_000);
    row("2 Mbit/s link, steady state: estimate", ramp.bwe.estimateBps() / 1000 + " kbit/s");
    row("2 Mbit/s link, steady state: link capacity used", (ramp.deliveredBytes - before) * 8 / 30 / 20_000 + "%");
    row("2 Mbit/s link, steady state: queue delay p95", ramp.queueDelayP95AndReset() + " ms");

    LinkSimulator step = new LinkSimulator(new SendSideBwe(300_000, 50_000, 6_000_000), 2_500_000);
    step.run(30_000);
    step.capacityBps = 600_000;
    row("2.5 Mbit/s -> 600 kbit/s: time until the estimate is at most 110% of the new link",
        step.runUntil(e -> e <= 660_000, 20_000) + " ms");
    step.run(10_000);
    step.queueDelayP95AndReset();
    long b2 = step.deliveredBytes;
    step.run(20_000);
    row("600 kbit/s: link capacity used", (step.deliveredBytes - b2) * 8 / 20 / 6_000 + "%");
    row("600 kbit/s: queue delay p95", step.queueDelayP95AndReset() + " ms");
    step.capacityBps = 2_500_000;
    row("600 kbit/s -> 2.5 Mbit/s: time until the estimate is back at 1.5 Mbit/s",
        step.runUntil(e -> e >= 1_500_000, 60_000) + " ms");
    row("... then, further, until 2 Mbit/s", step.runUntil(e -> e >= 2_000_000, 60_000) + " ms");

    LinkSimulator loss = new LinkSimulator(new SendSideBwe(300_000, 50_000, 6_000_000), 2_000_000);
    loss.run(30_000);
    long pre = loss.bwe.estimateBps();
    loss.lossRatio = 0.25;
    loss.run(3_000);
    row("2 Mbit/s, 3 s of 25% loss: estimate before -> after", pre / 1000 + " -> " + loss.bwe.estimateBps() / 1000
        + " kbit/s");
    loss.lossRatio = 0;
    row("after the loss burst: time to 80% of the estimate before", loss.runUntil(e -> e >= pre * 0.8, 60_000) + " ms");

    LinkSimulator fixed = new LinkSimulator(new SendSideBwe(1_000_000, 50_000, 6_000_000), 600_000);
    fixed.source = e -> 1_500_000;
    row("a 1.5 Mbit/s stream the SFU cannot shrink, on a 600 kbit/s link: time until the estimate < 600 kbit/s",
        fixed.runUntil(e -> e < 600_000, 20_000) + " ms");
  }

  private static void row(String what, String figure) {
    System.out.println("| " + what + " | " + figure + " |");
  }
}
