package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.tap.PacketTap;

/**
 * Each node of a published track's chain on its own, and the chain as a track builds it (a
 * server-made track: no transport), with the counts the registry shows.
 */
class TrackNodesTest {
  static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 0, "", List.of());
  static final RtpCodec RTX = new RtpCodec(97, "rtx", 90000, 0, "apt=96", List.of());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MediaMetrics metrics = new MediaMetrics(registry);
  private final NodeStats stats = new NodeStats(registry, metrics);

  static byte[] rtp(int pt, int seq, long ssrc, int payload) {
    byte[] b = new byte[12 + payload];
    b[0] = (byte) 0x80;
    b[1] = (byte) pt;
    RtpHeader.setSequenceNumber(b, 0, seq);
    RtpHeader.setTimestamp(b, 0, 3000L * seq);
    RtpHeader.setSsrc(b, 0, ssrc);
    for (int i = 12; i < b.length; i++) b[i] = (byte) (seq + i);
    return b;
  }

  /** Records what reaches it. */
  static final class Seen extends org.telerounds.media.node.Node {
    final List<Integer> seqs = new ArrayList<>();

    Seen(NodeStats s) {
      super("seen", s);
    }

    @Override
    protected void process(PacketInfo p) {
      seqs.add(RtpHeader.sequenceNumber(p.buf(), p.off(), p.len()));
    }
  }

  private double packets(String node, String direction) {
    return registry.get("telerounds.media.node.packets").tag("node", node).tag("direction", direction)
        .functionCounter().count();
  }

  @Test
  void pauseDropsWhilePausedAndPassesOtherwise() {
    ReceiveNodes.Pause pause = new ReceiveNodes.Pause(stats);
    Seen seen = pause.then(new Seen(stats));
    PacketInfo p = new PacketInfo();
    pause.accept(p.set(rtp(96, 1, 5, 10), 0, 22, 0));
    pause.paused(true);
    pause.accept(p.set(rtp(96, 2, 5, 10), 0, 22, 0));
    pause.paused(false);
    pause.accept(p.set(rtp(96, 3, 5, 10), 0, 22, 0));
    assertThat(seen.seqs).containsExactly(1, 3);
    assertThat(pause.drops(DropReason.PAUSED)).isEqualTo(1);
    assertThat(metrics.drops(DropReason.PAUSED)).isEqualTo(1);
  }

  @Test
  void statsCacheTapsAndFeedEachDoTheirJobAndPassEverything() {
    ReceiveNodes.Stats st = new ReceiveNodes.Stats(stats);
    st.reset(5, VP8);
    PacketCache cache = new PacketCache(64);
    List<Integer> tapped = new ArrayList<>();
    List<Integer> fed = new ArrayList<>();
    TrackInfo info = new TrackInfo("t", "r", "p", TrackRole.CAMERA_ROOM, "video", "VP8", 90000);
    PacketTap tap = (t, b, off, len, at) -> tapped.add(RtpHeader.sequenceNumber(b, off, len));
    ReceiveNodes.Feed feed = new ReceiveNodes.Feed(stats, info);
    feed.feed((t, b, off, len, at) -> fed.add(RtpHeader.sequenceNumber(b, off, len)));
    Seen seen = st.then(new ReceiveNodes.Cache(stats, cache)).then(new ReceiveNodes.Taps(stats, info, List.of(tap)))
        .then(feed).then(new Seen(stats));
    PacketInfo p = new PacketInfo();
    for (int seq : new int[] {10, 11, 13}) st.accept(p.set(rtp(96, seq, 5, 100), 0, 112, seq * 1_000_000L));
    assertThat(seen.seqs).containsExactly(10, 11, 13);
    assertThat(tapped).containsExactly(10, 11, 13);
    assertThat(fed).containsExactly(10, 11, 13);
    assertThat(cache.find(11)).isNotNegative();
    assertThat(cache.find(12)).as("never arrived").isNegative();
    assertThat(st.stats().reportBlock(0).cumulativeLost()).as("one lost").isEqualTo(1);
    assertThat(packets("packet-cache", "in")).isEqualTo(3);
    assertThat(packets("packet-cache", "out")).isEqualTo(3);
  }

  @Test
  void upstreamNackAsksAtOnceForAGap() {
    int[] asked = new int[1];
    ReceiveNodes.UpstreamNack nack = new ReceiveNodes.UpstreamNack(stats, new UpstreamNacker(5, 40), () -> asked[0]++);
    PacketInfo p = new PacketInfo();
    nack.accept(p.set(rtp(96, 100, 5, 10), 0, 22, 0));
    nack.accept(p.set(rtp(96, 101, 5, 10), 0, 22, 0));
    assertThat(asked[0]).isZero();
    nack.accept(p.set(rtp(96, 104, 5, 10), 0, 22, 0));
    assertThat(asked[0]).as("102 and 103 missing").isEqualTo(1);
    assertThat(nack.out()).isEqualTo(3);
  }

  @Test
  void aPublishedTracksChainRestoresRtxDropsDuplicatesAndCountsByKind() {
    TrackInfo info = new TrackInfo("t", "r", "p", TrackRole.CAMERA_ROOM, "video", "VP8", 90000);
    List<Integer> tapped = new ArrayList<>();
    PacketTap tap = (t, b, off, len, at) -> tapped.add(RtpHeader.sequenceNumber(b, off, len));
    PublishedTrack track = new PublishedTrack(info, "0", VP8, RTX, Map.of(), null, 256, 300, metrics, stats,
        Clock.systemUTC(), List.of(tap));
    track.setSsrcs(5, 6);
    for (int seq = 1; seq <= 5; seq++) {
      if (seq == 3) continue; // lost on the way
      byte[] b = rtp(96, seq, 5, 50);
      track.onRtp(b, 0, b.length, 0);
    }
    // RTX of 3 (RFC 4588: OSN first), then a duplicate RTX of 4, which the cache already holds
    byte[] original = rtp(96, 3, 5, 50);
    for (int osn : new int[] {3, 4}) {
      byte[] rtx = new byte[original.length + 2];
      System.arraycopy(original, 0, rtx, 0, 12);
      rtx[1] = 97;
      RtpHeader.setSequenceNumber(rtx, 0, 900 + osn);
      RtpHeader.setSsrc(rtx, 0, 6);
      rtx[12] = (byte) (osn >> 8);
      rtx[13] = (byte) osn;
      System.arraycopy(original, 12, rtx, 14, original.length - 12);
      track.onRtx(rtx, 0, rtx.length, 0);
    }
    assertThat(tapped).containsExactly(1, 2, 4, 5, 3);
    assertThat(track.cache().find(3)).isNotNegative();
    byte[] cached = java.util.Arrays.copyOf(track.cache().data(track.cache().find(3)), original.length);
    assertThat(cached).as("restored to the original packet").isEqualTo(original);
    assertThat(registry.get("telerounds.media.node.drops").tag("node", "rtx-restore").tag("reason", "rtx_upstream")
        .functionCounter().count()).isEqualTo(1);
    assertThat(packets("receive-stats", "in")).isEqualTo(5);
    assertThat(packets("taps", "out")).isEqualTo(5);
    track.close();
    assertThat(stats.live("taps")).as("a closed track leaves no live node").isZero();
    assertThat(packets("taps", "out")).as("its counts stay in the totals").isEqualTo(5);
  }
}
